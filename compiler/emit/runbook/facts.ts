/**
 * Facts about the agent the runbook sections share: who escalates where and why, which
 * states call which tool, where `@pii` values live.
 */
import type { AgentIR, StateIR, TypeIR } from "../../ir/ir.ts";
import { templateText } from "../contracts/describe.ts";
import { code } from "../contracts/markdown.ts";

export interface EscalationPoint {
  readonly state: string;
  readonly target: string;
  readonly reason: string;
  /** How it is reached: "escalate step", "on NotFound", "on error (implicit)", … */
  readonly via: string;
  readonly implicit: boolean;
}

/** Every place a session can end in an escalation, in state order. */
export function escalationPoints(ir: AgentIR): EscalationPoint[] {
  const out: EscalationPoint[] = [];
  for (const state of ir.states) {
    if (state.action.kind === "escalate") {
      out.push({ state: state.name, target: state.action.target, reason: templateText(state.action.reason.parts), via: "escalate step", implicit: false });
    }
    for (const t of state.transitions) {
      if (t.target.kind !== "escalate") continue;
      out.push({ state: state.name, target: t.target.escalate.target, reason: templateText(t.target.escalate.reason.parts), via: triggerName(t.trigger), implicit: t.implicit });
    }
  }
  return out;
}

function triggerName(trigger: StateIR["transitions"][number]["trigger"]): string {
  switch (trigger.kind) {
    case "when":
      return `when ${trigger.guard.text}`;
    case "error":
      return `on ${trigger.error}`;
    case "anyError":
      return "on error";
    case "visitLimit":
      return "visit limit";
    case "done":
      return "on success";
    case "else":
      return "else";
    case "timeout":
      return "on timeout";
    case "exhausted":
      return "on exhausted";
  }
}

/** Dotted paths of `@pii` fields in the input and every named result (`order.customer.email`). */
export function piiPaths(ir: AgentIR): string[] {
  const out: string[] = [];
  const walk = (type: TypeIR, path: string): void => {
    if (type.kind === "array") walk(type.element, `${path}[]`);
    if (type.kind !== "record") return;
    for (const field of type.fields) {
      const p = `${path}.${field.name}`;
      if (field.pii) out.push(p);
      walk(field.type, p);
    }
  };
  walk(ir.input, "input");
  for (const result of ir.results) walk(result.type, result.name);
  return out;
}

/** States with a visit limit or a turn limit (the bounded cycles), as Markdown. */
export function limitedStates(ir: AgentIR): string[] {
  return ir.states
    .filter((s) => s.visitLimit !== undefined || s.action.kind === "loop")
    .map((s) => {
      const limits = [...(s.action.kind === "loop" ? [`${s.action.maxTurns} turns per session`] : []), ...(s.visitLimit === undefined ? [] : [`${s.visitLimit} visits`])];
      return `${code(s.name)} (at most ${limits.join(", ")})`;
    });
}
