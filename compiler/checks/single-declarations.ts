/** An agent declares each of `version`, `input`, `output`, `model`, `budget` and `start` at most once, and each budget item and model setting at most once. */
import type * as A from "../../language/ast.ts";
import type { Span } from "../../language/span.ts";
import type { CheckContext, CheckRule } from "./context.ts";

export const singleDeclarations: CheckRule = {
  name: "single-declarations",
  needsCompleteTree: false,
  run(context) {
    const agent = context.agent?.decl;
    if (agent === undefined) return;
    const seen = new Map<string, Span>();
    for (const member of agent.members) {
      const what = singleton(member);
      if (what !== undefined) once(context, seen, what, member.span, keywordSpan(member));
    }
    const budgetItems = new Map<string, Span>();
    for (const member of agent.members) {
      if (member.kind !== "BudgetDecl") continue;
      for (const item of member.items) once(context, budgetItems, `budget ${item.metric}`, item.span, item.span);
    }
  },
};

function once(context: CheckContext, seen: Map<string, Span>, what: string, span: Span, at: Span): void {
  const first = seen.get(what);
  if (first === undefined) seen.set(what, span);
  else context.report("AGC2010", [`\`${what}\``], at, { related: [context.related(first, "first declared here")] });
}

function singleton(member: A.AgentMember): string | undefined {
  switch (member.kind) {
    case "VersionDecl":
      return "version";
    case "RecordDecl":
      return member.which;
    case "ModelDecl":
      return "model";
    case "BudgetDecl":
      return "budget";
    case "StartDecl":
      return "start";
    default:
      return undefined;
  }
}

/** The keyword that opens the member (its first word), so the caret is short. */
function keywordSpan(member: A.AgentMember): Span {
  const length = member.kind === "RecordDecl" ? member.which.length : (singleton(member) ?? "").length;
  return { start: member.span.start, end: member.span.start + length };
}
