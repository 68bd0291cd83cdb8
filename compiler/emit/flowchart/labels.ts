/**
 * What the flowchart says, in plain text (escaping is `mermaid-text.ts`'s job): the words a
 * business reader sees on nodes and edges.
 */
import type { ExprIR, ReplyIR, EscalateIR, StateIR, TemplatePartIR, TransitionIR } from "../../ir/ir.ts";
import { exprText } from "../../ir/expr-text.ts";
import { oneLine, shorten } from "./mermaid-text.ts";

/** Longest reply or escalation text shown on a terminal node, in code points. */
export const MAX_TERMINAL_TEXT = 100;

/** The edge label, or undefined for the unconditional success edge (drawn unlabelled). */
export function transitionLabel(state: StateIR, transition: TransitionIR): string | undefined {
  const t = transition.trigger;
  let label: string | undefined;
  switch (t.kind) {
    case "when":
      label = oneLine(t.guard.text);
      break;
    case "else":
      label = "else";
      break;
    case "done":
      label = undefined;
      break;
    case "error":
      label = `on ${t.error}`;
      break;
    case "anyError":
      label = "on error";
      break;
    case "timeout":
      label = "on timeout";
      break;
    case "exhausted":
      label = "on exhausted";
      break;
    case "visitLimit":
      label = `visit limit (${state.visitLimit ?? "?"})`;
      break;
  }
  if (transition.unreachable === undefined) return label;
  const why = `unreachable: ${oneLine(transition.unreachable)}`;
  return label === undefined ? why : `${label} · ${why}`;
}

export function replyText(reply: ReplyIR): string {
  const main = reply.fields.find((f) => f.name === "reply");
  const others = reply.fields.filter((f) => f.name !== "reply").map((f) => f.name);
  const said = main === undefined ? "" : main.value.kind === "template" ? templateText(main.value.template.parts) : valueText(main.value.expr);
  const head = said === "" ? "Reply" : `Reply: ${shorten(oneLine(said), MAX_TERMINAL_TEXT)}`;
  return others.length === 0 ? head : `${head} (with ${others.join(", ")})`;
}

export function escalationText(escalate: EscalateIR): string {
  const reason = oneLine(templateText(escalate.reason.parts));
  return reason === "" ? `Escalate to ${escalate.target}` : `Escalate to ${escalate.target}: ${shorten(reason, MAX_TERMINAL_TEXT)}`;
}

/** A state's main line: its description, else what a terminal state does, else its name. */
export function stateTitle(state: StateIR): string {
  const description = oneLine(state.description);
  if (description !== "") return description;
  if (state.action.kind === "reply") return replyText(state.action);
  if (state.action.kind === "escalate") return escalationText(state.action);
  return state.name;
}

function templateText(parts: readonly TemplatePartIR[]): string {
  return parts.map((p) => (p.kind === "text" ? p.text : `{{${[p.root, ...p.fields].join(".")}}}`)).join("");
}

function valueText(expr: ExprIR): string {
  return expr.kind === "literal" && typeof expr.value === "string" ? expr.value : exprText(expr);
}
