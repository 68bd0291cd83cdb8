/** Names within one namespace — states, tools, prompts, escalation targets, results, examples, record fields, tool errors — are declared once. */
import type * as A from "../../language/ast.ts";
import type { Span } from "../../language/span.ts";
import { resultName } from "../resolve/symbols.ts";
import { collect } from "../resolve/walk.ts";
import { membersOf, type CheckContext, type CheckRule } from "./context.ts";

export const uniqueNames: CheckRule = {
  name: "unique-names",
  needsCompleteTree: false,
  run(context) {
    const agent = context.agent?.decl;
    const tools: { name: string; span: Span }[] = context.ast.imports.flatMap((i) => i.names.map((n) => ({ name: n.name, span: n.span })));
    for (const tool of context.toolDecls) tools.push({ name: tool.name.name, span: tool.name.span });
    checkUnique(context, "tool", tools);
    for (const tool of context.toolDecls) {
      const errors = tool.clauses.flatMap((c) => (c.kind === "ToolErrorsClause" ? c.errors : []));
      checkUnique(context, "error", errors.map((e) => e.name));
    }
    for (const record of collect<"RecordType", A.RecordType>(context.ast, "RecordType")) checkUnique(context, "field", record.fields.map((f) => f.name));
    for (const literal of collect<"RecordLiteral", A.RecordLiteral>(context.ast, "RecordLiteral")) checkUnique(context, "field", literal.fields.map((f) => f.name));
    if (agent === undefined) return;
    checkUnique(context, "state", membersOf(agent, "StateDecl").map((s) => s.name));
    checkUnique(context, "prompt", membersOf(agent, "PromptDecl").map((p) => p.name));
    checkUnique(context, "escalation", membersOf(agent, "EscalationDecl").map((e) => e.name));
    checkUnique(context, "example", membersOf(agent, "ExampleDecl").map((e) => ({ name: e.name.value, span: e.name.span })));
    const results = membersOf(agent, "StateDecl").flatMap((s) => s.actions.map(resultName));
    checkUnique(context, "result", results.filter((r): r is A.Identifier => r !== undefined));
  },
};

function checkUnique(context: CheckContext, what: string, names: readonly { readonly name: string; readonly span: Span }[]): void {
  const first = new Map<string, Span>();
  for (const { name, span } of names) {
    if (name === "" && what !== "example") continue;
    const earlier = first.get(name);
    if (earlier === undefined) first.set(name, span);
    else context.report("AGC2003", [what, name], span, { related: [context.related(earlier, "first defined here")] });
  }
}
