/** An agent declares at least one escalation target; the first is where forced escalations go. */
import { membersOf, type CheckRule } from "./context.ts";

export const escalationTargetRequired: CheckRule = {
  name: "escalation-target-required",
  needsCompleteTree: true,
  run(context) {
    const agent = context.agent?.decl;
    if (agent === undefined || membersOf(agent, "EscalationDecl").length > 0) return;
    context.report("AGC3024", [], agent.name.name === "" ? agent.span : agent.name.span);
  },
};
