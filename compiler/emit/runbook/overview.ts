/** "What it does": the description, the model, and the states in order with where each leads. */
import type { AgentIR, StateIR } from "../../ir/ir.ts";
import { describeTarget, describeTrigger } from "../contracts/describe.ts";
import { code, table, text } from "../contracts/markdown.ts";

const STEP: Readonly<Record<StateIR["action"]["kind"], string>> = {
  ask: "asks the model",
  call: "calls a tool",
  loop: "tool loop",
  await: "waits for a person",
  reply: "replies",
  escalate: "escalates",
};

export function overviewSection(ir: AgentIR): string {
  const model = ir.model.primary === "" ? "none" : `${code(ir.model.primary)}${ir.model.fallback === undefined ? "" : `, falling back to ${code(ir.model.fallback)}`}`;
  const rows = ir.states.map((s) => [code(s.name), `${STEP[s.action.kind]}${detail(s)}`, s.description === "" ? "" : text(s.description), leadsTo(s)]);
  return [
    "## What it does",
    ir.description === "" ? "_No description._" : text(ir.description),
    `Starts at ${code(ir.start)}. Model: ${model}. Tools: ${ir.tools.length === 0 ? "none" : ir.tools.map((t) => code(t.name)).join(", ")}.`,
    table(["State", "Step", "Description", "Leads to"], rows),
  ].join("\n\n");
}

function detail(s: StateIR): string {
  const a = s.action;
  switch (a.kind) {
    case "ask":
      return ` (${code(a.prompt)})`;
    case "call":
      return ` (${code(a.tool)})`;
    case "loop":
      return ` (${a.tools.map(code).join(", ")}; at most ${a.maxTurns} turns)`;
    case "await":
      return ` (${code(a.target)})`;
    case "escalate":
      return ` to ${code(a.target)}`;
    case "reply":
      return "";
  }
}

function leadsTo(s: StateIR): string {
  if (s.transitions.length === 0) return "ends the session";
  return s.transitions.map((t) => `${describeTrigger(t)} → ${describeTarget(t.target)}`).join("; ");
}
