/**
 * Sentences about the agent graph shared by the contract and runbook emitters: where a
 * transition goes, and which transition handles a failure in a state.
 */
import type { AgentIR, StateIR, TargetIR, TemplatePartIR, TransitionIR } from "../../ir/ir.ts";
import { code, text } from "./markdown.ts";

export function templateText(parts: readonly TemplatePartIR[]): string {
  return parts.map((p) => (p.kind === "text" ? p.text : `{{ ${[p.root, ...p.fields].join(".")} }}`)).join("");
}

/** "goes to state `refund`", "replies “…”", "escalates to `oncall` (“reason”)". */
export function describeTarget(target: TargetIR): string {
  switch (target.kind) {
    case "state":
      return `goes to state ${code(target.state)}`;
    case "reply": {
      const reply = target.reply.fields.find((f) => f.name === "reply");
      const shown = reply?.value.kind === "template" ? ` “${text(templateText(reply.value.template.parts))}”` : "";
      return `replies${shown}`;
    }
    case "escalate": {
      const reason = templateText(target.escalate.reason.parts);
      return `escalates to ${code(target.escalate.target)}${reason === "" ? "" : ` (“${text(reason)}”)`}`;
    }
  }
}

/** How a transition is written, for tables: `on NotFound`, `on error`, `on error` (implicit). */
export function describeTrigger(transition: TransitionIR): string {
  const t = transition.trigger;
  const written = (() => {
    switch (t.kind) {
      case "when":
        return `when ${t.guard.text}`;
      case "else":
        return "else";
      case "done":
        return "on success";
      case "error":
        return `on ${t.error}`;
      case "anyError":
        return "on error";
      case "timeout":
        return "on timeout";
      case "exhausted":
        return "on exhausted";
      case "visitLimit":
        return "visit limit";
    }
  })();
  return transition.implicit ? `${written} (implicit)` : written;
}

/**
 * The transition a failure takes in `state`: `on <Name>` for a declared error, else
 * `on error`, which lowering always provides (written, or the implicit escalation).
 */
export function failureHandler(state: StateIR, errorName: string | undefined): TransitionIR | undefined {
  const named = errorName === undefined ? undefined : state.transitions.find((t) => t.trigger.kind === "error" && t.trigger.error === errorName);
  return named ?? state.transitions.find((t) => t.trigger.kind === "anyError");
}

/** "handled by `on error` → escalates to `oncall` (“…”)" */
export function describeHandling(state: StateIR, errorName: string | undefined): string {
  const handler = failureHandler(state, errorName);
  if (handler === undefined) return "no handler (the machine escalates on an internal error)";
  return `${code(describeTrigger(handler))} → ${describeTarget(handler.target)}`;
}

export function stateByName(ir: AgentIR, name: string): StateIR | undefined {
  return ir.states.find((s) => s.name === name);
}

/** "call" or "tool loop", for naming the step that calls a tool. */
export function stepKind(state: StateIR): string {
  return state.action.kind === "loop" ? "tool loop" : state.action.kind;
}
