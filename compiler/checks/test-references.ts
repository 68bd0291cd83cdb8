/** A `test` block names what the agent has: prompts, tools and their errors, human waits, states, escalation targets. */
import type * as A from "../../language/ast.ts";
import { allStates, membersOf, quoteList, soleAction, type CheckContext, type CheckRule } from "./context.ts";

export const testReferences: CheckRule = {
  name: "test-references",
  needsCompleteTree: false,
  run(context) {
    const agent = context.agent;
    if (agent === undefined) return;
    for (const test of membersOf(agent.decl, "TestDecl")) for (const item of test.items) checkItem(context, item);
  },
};

function isFinal(action: A.Action | undefined): boolean {
  return action?.kind === "ReplyAction" || action?.kind === "EscalateAction";
}

function checkItem(context: CheckContext, item: A.TestItem): void {
  const symbols = context.agent!.symbols;
  const unknown = (name: A.Identifier, what: string, known: readonly string[]): void => {
    if (name.name === "") return;
    context.report("AGC3034", [`the agent has no ${what} "${name.name}"${known.length === 0 ? "" : `; it has ${quoteList(known)}`}`], name.span);
  };
  switch (item.kind) {
    case "TestModelAnswer": {
      if (!symbols.prompts.has(item.prompt.name)) return unknown(item.prompt, "prompt", [...symbols.prompts.keys()]);
      if (item.call === undefined || item.call.name === "") return;
      const loops = allStates(context).map(soleAction).filter((a): a is A.LoopAction => a?.kind === "LoopAction" && a.prompt.name === item.prompt.name);
      if (!loops.some((loop) => loop.tools.some((t) => t.name === item.call!.name))) {
        const allowed = [...new Set(loops.flatMap((loop) => loop.tools.map((t) => t.name)))];
        context.report("AGC3034", [`prompt "${item.prompt.name}" runs no tool loop that allows tool "${item.call.name}"${allowed.length === 0 ? "" : `; its loops allow ${quoteList(allowed)}`}`], item.call.span);
      }
      return;
    }
    case "TestToolResult": {
      const tool = symbols.tools.get(item.tool.name);
      if (tool === undefined) return unknown(item.tool, "tool", [...symbols.tools.keys()]);
      if (item.error !== undefined && item.error.name !== "" && !tool.errors.has(item.error.name)) {
        const declared = [...tool.errors.keys()];
        context.report("AGC3034", [`tool "${tool.name}" declares no error "${item.error.name}"${declared.length === 0 ? "" : `; its errors are ${quoteList(declared)}`}`], item.error.span);
      }
      return;
    }
    case "TestHumanResponse": {
      const waits = allStates(context).filter((s) => soleAction(s)?.kind === "AwaitAction").map((s) => s.name.name);
      if (item.state.name !== "" && !waits.includes(item.state.name)) {
        context.report("AGC3034", [`"${item.state.name}" is not a state that awaits a human${waits.length === 0 ? "" : `; those are ${quoteList(waits)}`}`], item.state.span);
      }
      return;
    }
    case "TestExpectPath":
      for (const state of item.states) {
        const decl = symbols.states.get(state.name);
        if (decl === undefined) unknown(state, "state", [...symbols.states.keys()]);
        else if (isFinal(soleAction(decl))) context.report("AGC3034", [`state "${state.name}" only ${soleAction(decl)!.kind === "ReplyAction" ? "replies" : "escalates"}: it runs no step, so a path does not list it`], state.span);
      }
      return;
    case "TestExpectEscalate":
      if (!symbols.escalations.has(item.target.name)) unknown(item.target, "escalation target", [...symbols.escalations.keys()]);
      return;
    default:
      return;
  }
}
