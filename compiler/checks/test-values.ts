/** The literal values of a `test` block (input, model answers, tool results, human responses, expected reply) fit the types the agent declares. */
import type * as A from "../../language/ast.ts";
import { literalProblems } from "../resolve/literal-fit.ts";
import type { FieldType, Type } from "../resolve/types.ts";
import { allStates, membersOf, soleAction, type CheckContext, type CheckRule } from "./context.ts";

export const testValues: CheckRule = {
  name: "test-values",
  needsCompleteTree: false,
  run(context) {
    const agent = context.agent;
    if (agent === undefined) return;
    for (const test of membersOf(agent.decl, "TestDecl")) {
      const input = test.items.filter((i): i is A.TestInput => i.kind === "TestInput");
      if (input.length === 0 && !context.hasSyntaxErrors) context.report("AGC3035", [`test "${test.name.value}" gives no input`], test.name.span, { help: "add `input { … }` with a literal input record" });
      for (const extra of input.slice(1)) context.report("AGC3035", ["a test has one input"], extra.span);
      const paths = test.items.filter((i) => i.kind === "TestExpectPath");
      for (const extra of paths.slice(1)) context.report("AGC3035", ["a test has one `expect path`"], extra.span);
      const outcomes = test.items.filter((i) => i.kind === "TestExpectReply" || i.kind === "TestExpectEscalate");
      for (const extra of outcomes.slice(1)) context.report("AGC3035", ["a test expects one outcome: one `expect reply` or one `expect escalate`"], extra.span);
      for (const item of test.items) checkItem(context, item);
    }
  },
};

function checkItem(context: CheckContext, item: A.TestItem): void {
  const agent = context.agent!;
  switch (item.kind) {
    case "TestInput":
      return checkValue(context, item.value, { type: agent.symbols.input, optional: false, decl: undefined }, "the input");
    case "TestModelAnswer": {
      if (item.call !== undefined) {
        const tool = agent.symbols.tools.get(item.call.name);
        if (tool !== undefined) checkValue(context, item.value, { type: tool.input, optional: false, decl: undefined }, `the arguments of tool "${tool.name}"`);
        return;
      }
      const type = resultTypeOf(context, (a) => (a.kind === "AskAction" || a.kind === "LoopAction") && a.prompt.name === item.prompt.name);
      if (type !== undefined) checkValue(context, item.value, { type, optional: false, decl: undefined }, `the answer of prompt "${item.prompt.name}"`);
      return;
    }
    case "TestToolResult": {
      const tool = agent.symbols.tools.get(item.tool.name);
      if (tool !== undefined && item.value !== undefined) checkValue(context, item.value, { type: tool.output, optional: false, decl: undefined }, `the result of tool "${tool.name}"`);
      return;
    }
    case "TestHumanResponse": {
      if (item.value === undefined) return;
      const state = agent.symbols.states.get(item.state.name);
      const action = state === undefined ? undefined : soleAction(state);
      if (action?.kind !== "AwaitAction") return;
      const type = agent.symbols.results.get(action.result.name)?.type;
      if (type !== undefined) checkValue(context, item.value, { type, optional: false, decl: undefined }, `the response in state "${item.state.name}"`);
      return;
    }
    case "TestExpectReply": {
      const output = agent.symbols.output;
      if (item.fields === undefined || output.kind !== "record") return;
      for (const field of item.fields.fields) {
        const slot = output.fields.get(field.name.name);
        if (field.name.name === "") continue;
        if (slot === undefined) context.report("AGC3035", [`the output record has no field "${field.name.name}"`], field.name.span);
        else checkValue(context, field.value, { ...slot, optional: true }, "the expected reply", [field.name.name]);
      }
      return;
    }
    default:
      return;
  }
}

/** The result type of the first step the predicate picks (undefined when there is none). */
function resultTypeOf(context: CheckContext, picks: (action: A.Action) => boolean): Type | undefined {
  for (const state of allStates(context)) {
    const action = soleAction(state);
    if (action === undefined || !picks(action) || !("result" in action) || action.result === undefined) continue;
    return context.agent!.symbols.results.get(action.result.name)?.type;
  }
  return undefined;
}

/** `where` names the whole value ("the input"); problems name the field inside it. */
function checkValue(context: CheckContext, value: A.Expr, slot: FieldType, where: string, path: readonly string[] = []): void {
  for (const problem of literalProblems(value, slot, !context.hasSyntaxErrors, path)) {
    const at = label(where, problem.path);
    switch (problem.kind) {
      case "reference":
        context.report("AGC3035", ["test values are literals; they cannot refer to other values"], problem.span);
        break;
      case "unknown-field":
        context.report("AGC3035", [`${at} has no field "${problem.name}"`], problem.span);
        break;
      case "missing":
        context.report("AGC3035", [`${at} misses the required field${problem.names.length > 1 ? "s" : ""} ${problem.names.join(", ")}`], problem.span);
        break;
      case "mismatch":
        context.report("AGC3035", [`${at} must be ${problem.expected}, found ${problem.found}`], problem.span);
        break;
    }
  }
}

function label(where: string, path: readonly string[]): string {
  return path.length === 0 ? where : `"${path.join(".")}" in ${where}`;
}
