/** An agent declares where it starts with `start <state>`. */
import type { CheckRule } from "./context.ts";

export const startState: CheckRule = {
  name: "start-state",
  needsCompleteTree: true,
  run(context) {
    const agent = context.agent;
    if (agent === undefined || agent.symbols.start !== undefined) return;
    context.report("AGC2009", [], agent.decl.name.name === "" ? agent.decl.span : agent.decl.name.span);
  },
};
