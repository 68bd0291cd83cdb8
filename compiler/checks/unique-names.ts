/** Names are declared once in their namespace, except a step result, which several states may set with one type. */
import type * as A from "../../language/ast.ts";
import type { Span } from "../../language/span.ts";
import { resultName, resultType } from "../resolve/symbols.ts";
import { isAssignable, typeToString, type Type } from "../resolve/types.ts";
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
    checkResults(context, membersOf(agent, "StateDecl"));
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

function checkResults(context: CheckContext, states: readonly A.StateDecl[]): void {
  const first = new Map<string, { span: Span; type: Type }>();
  const tools = context.agent?.symbols.tools;
  if (tools === undefined) return;
  for (const state of states) {
    for (const action of state.actions) {
      const name = resultName(action);
      if (name === undefined || name.name === "") continue;
      const type = resultType(action, tools);
      const earlier = first.get(name.name);
      if (earlier === undefined) first.set(name.name, { span: name.span, type });
      else if (!isAssignable(type, earlier.type) || !isAssignable(earlier.type, type)) {
        context.report("AGC3032", [name.name, typeToString(type), typeToString(earlier.type)], name.span, {
          related: [context.related(earlier.span, "first set here")],
        });
      }
    }
  }
}
