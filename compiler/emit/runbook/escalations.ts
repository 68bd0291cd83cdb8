/** Escalation targets: who they are, which states send sessions there, and why. */
import type { AgentIR } from "../../ir/ir.ts";
import { code, table, text } from "../contracts/markdown.ts";
import { escalationPoints } from "./facts.ts";

export function escalationsSection(ir: AgentIR): string {
  const points = escalationPoints(ir);
  const rows = ir.escalations.map((e) => {
    const here = points.filter((p) => p.target === e.name);
    const explicit = here.filter((p) => !p.implicit).map((p) => `${code(p.state)} ${p.via}${p.reason === "" ? "" : `: “${text(p.reason)}”`}`);
    const implicit = here.filter((p) => p.implicit).map((p) => `${code(p.state)} ${p.via}`);
    const from = [...explicit, ...(implicit.length === 0 ? [] : [`implicitly from ${implicit.join(", ")}`])];
    return [code(e.name) + (e.name === ir.defaultEscalation ? " (default)" : ""), e.description === "" ? "" : text(e.description), from.length === 0 ? "—" : from.join("; ")];
  });
  return [
    "## Escalation targets",
    table(["Target", "Who", "Sessions arrive from"], rows),
    `${code(ir.defaultEscalation)} is the default target (declared first): forced escalations go there — budgets, visit limits, exhausted tool loops and unhandled failures without a written handler, tool calls over their per-session limit or blocked, the kill switches, and ${code(`agent.${ir.name}.forceEscalate`)}.`,
  ].join("\n\n");
}
