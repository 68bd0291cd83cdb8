/** Every prompt is used by an `ask` or a tool loop (warning). */
import { allStates, membersOf, type CheckRule } from "./context.ts";

export const unusedPrompts: CheckRule = {
  name: "unused-prompts",
  needsCompleteTree: true,
  run(context) {
    const agent = context.agent;
    if (agent === undefined) return;
    const used = new Set<string>();
    for (const state of allStates(context)) {
      for (const action of state.actions) if (action.kind === "AskAction" || action.kind === "LoopAction") used.add(action.prompt.name);
    }
    for (const prompt of membersOf(agent.decl, "PromptDecl")) {
      if (prompt.name.name !== "" && !used.has(prompt.name.name)) context.report("AGC3016", [prompt.name.name], prompt.name.span);
    }
  },
};
