/** A tool's contract is complete: it declares its `input` and `output` records, and no clause twice (`effects` defaults to none). */
import type * as A from "../../language/ast.ts";
import type { CheckRule } from "./context.ts";

export const toolContracts: CheckRule = {
  name: "tool-contracts",
  needsCompleteTree: false,
  run(context) {
    for (const tool of context.toolDecls) {
      const seen = new Map<string, A.ToolClause>();
      for (const clause of tool.clauses) {
        const key = clause.kind === "ToolSchemaClause" ? clause.which : clause.kind;
        const first = seen.get(key);
        if (first === undefined) seen.set(key, clause);
        else context.report("AGC3025", [`tool "${tool.name.name}" has more than one ${describe(clause)} clause`], clause.span, { related: [context.related(first.span, "the first is here")] });
      }
      if (context.hasSyntaxErrors || tool.name.name === "") continue;
      const missing = ["input", "output"].filter((k) => !seen.has(k));
      if (missing.length > 0)
        context.report("AGC3025", [`tool "${tool.name.name}" does not declare its ${missing.map((m) => `\`${m}\``).join(" and ")}`], tool.name.span, {
          data: { missing },
          help: "a contract says what a tool takes (`input { … }`) and what it returns (`output { … }`); write `input {}` for a tool that takes nothing",
        });
    }
  },
};

function describe(clause: A.ToolClause): string {
  if (clause.kind === "ToolSchemaClause") return `\`${clause.which}\``;
  return `\`${clause.kind.replace(/^Tool|Clause$/g, "").toLowerCase()}\``;
}
