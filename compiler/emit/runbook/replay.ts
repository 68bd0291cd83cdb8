/** Investigating a session: find it, replay it, verify a fix against it, share it safely. */
import type { AgentIR } from "../../ir/ir.ts";
import { code, list } from "../contracts/markdown.ts";
import { piiPaths } from "./facts.ts";

export function replaySection(ir: AgentIR): string {
  const pii = piiPaths(ir);
  const waits = ir.states.filter((s) => s.action.kind === "await").map((s) => code(s.name));
  const steps = [
    `1. Find it: ${code("agentc sessions")} prints one line per session, oldest first, with the id in the last column; ${code("agentc show <session-id>")} prints one as a timeline (steps, decisions, tool calls, tokens, cost).`,
    `2. Replay it offline: ${code("agentc replay <session-id>")} re-runs the recorded model responses, tool results, human responses, clock readings and random draws without calling any real tool or model. It prints ${code("no divergence")} (exit 0) or ${code("divergence at step N: …")} (exit 1).`,
    `3. Verify a fix before re-enabling anything: edit ${code(ir.source.file)}, then ${code(`agentc replay --against ${ir.source.file} <session-id>`)} runs the recorded inputs through the changed agent and shows where its path differs.`,
    `4. Share it: ${code("agentc export <session-id>")} writes a replay file in which every ${code("@pii")} value is replaced by a stable placeholder; ${code("agentc replay <file>")} still works on it. Raw values stay in the local session store.`,
    `5. Resume a session a crash or deploy interrupted: ${code("agentc resume <session-id>")}.`,
  ];
  const parts = ["## Replay a session", steps.join("\n")];
  parts.push(
    pii.length === 0
      ? `This agent declares no ${code("@pii")} fields: an export masks nothing. Check that none of its inputs or results carries personal data before sharing one.`
      : `Masked on export (${code("@pii")}): ${list(pii.map(code))}.`,
  );
  if (waits.length > 0) {
    parts.push(
      `Human waits (${list(waits)}) park the session durably. Answer one with ${code("agentc respond")} (the response is checked against the wait's schema); ${code("agentc resume --due")} fires the timeouts that are due.`,
    );
  }
  return parts.join("\n\n");
}
