/**
 * The kill switches the runtime reads before every step (issue #4's flags source):
 * `tool.<name>.disabled`, `agent.<Name>.disabled`, `agent.<Name>.forceEscalate`.
 */
import type { AgentIR } from "../../ir/ir.ts";
import { describeHandling, stateByName, stepKind } from "../contracts/describe.ts";
import { code, table } from "../contracts/markdown.ts";

export function killSwitchSection(ir: AgentIR): string {
  const agent = ir.name;
  const parts = [
    "## Kill switches",
    `The runtime reads these flags before every step. ${code("agentc flags list")} shows what is set; ${code("agentc flags unset <flag>")} clears one. ` +
      `If the flags source cannot be read, the runtime fails closed: sessions escalate to ${code(ir.defaultEscalation)}.`,
    "### Disable a tool",
  ];
  if (ir.tools.length === 0) parts.push("This agent has no tools.");
  for (const tool of ir.tools) {
    const flag = `tool.${tool.name}.disabled`;
    parts.push(`#### ${code(tool.name)}`);
    parts.push(`Disable: ${code(`agentc flags set ${flag} true`)}. Re-enable: ${code(`agentc flags unset ${flag}`)}.`);
    const states = tool.allowedIn.map((n) => stateByName(ir, n)).filter((s) => s !== undefined);
    if (states.length === 0) {
      parts.push("No state calls it; disabling it changes nothing.");
      continue;
    }
    parts.push(
      `While disabled, a call fails before reaching the tool and the state's failure path runs:\n\n` +
        table(
          ["State", "Step", "What the agent does"],
          states.map((s) => [code(s.name), stepKind(s), describeHandling(s, undefined)]),
        ),
    );
  }
  parts.push(
    "### Disable the whole workflow",
    `Disable: ${code(`agentc flags set agent.${agent}.disabled true`)}. No step of ${code(agent)} runs while it is set: new sessions are refused and sessions in flight escalate to ${code(ir.defaultEscalation)} at their next step. ` +
      `Re-enable: ${code(`agentc flags unset agent.${agent}.disabled`)} — after the fix passed ${code(`agentc replay --against ${ir.source.file} <session-id>`)} on the sessions that went wrong.`,
    "### Force-escalate every session",
    `Hand every session to people without stopping intake: ${code(`agentc flags set agent.${agent}.forceEscalate true`)}. ` +
      `Each session, new or in flight, escalates to ${code(ir.defaultEscalation)} at its next step. Stop with ${code(`agentc flags unset agent.${agent}.forceEscalate`)}.`,
  );
  return parts.join("\n\n");
}
