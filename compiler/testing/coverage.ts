/**
 * Model-based coverage of generated sessions: which of the agent's states, transitions and
 * tools (from the IR) the sessions' paths reached. A transition into a step is recognised by
 * its decision event; one that ends the session (a reply or an escalation) by matching the
 * outcome against the transition's reply or escalation template. Transitions marked
 * `unreachable "…"` are not goals.
 */
import type { Outcome } from "../../runtime/contract.ts";
import type { SessionPath } from "../../runtime/testing/suite.ts";
import type { AgentIR, EscalateIR, ReplyIR, StateIR, TemplateIR, TransitionIR } from "../ir/ir.ts";

export interface CoverageFigure {
  readonly covered: number;
  readonly total: number;
  /** What was not reached (state names, `state → target` labels, tool names). */
  readonly missing: readonly string[];
}

export interface Coverage {
  readonly states: CoverageFigure;
  readonly transitions: CoverageFigure;
  readonly tools: CoverageFigure;
}

export function computeCoverage(ir: AgentIR, paths: readonly SessionPath[]): Coverage {
  const byName = new Map(ir.states.map((s) => [s.name, s]));
  const states = new Set<string>([ir.start]);
  const transitions = new Set<string>();
  const tools = new Set<string>();
  for (const path of paths) {
    for (const s of path.states) states.add(s);
    for (const t of path.tools) tools.add(t);
    for (const { from, to } of path.decisions) {
      const state = byName.get(from);
      if (state === undefined) continue;
      state.transitions.forEach((t, i) => {
        if (t.unreachable !== undefined) return;
        if (to !== "replied" && to !== "escalated") {
          if (t.target.kind === "state" && t.target.state === to) transitions.add(key(state, i));
          return;
        }
        const end = endOf(t, byName);
        if (end !== undefined && path.outcome !== undefined && matches(end.action, path.outcome)) {
          transitions.add(key(state, i));
          if (end.state !== undefined) states.add(end.state);
        }
      });
    }
  }
  const goals = ir.states.flatMap((s) => s.transitions.map((t, i) => ({ s, t, i })).filter(({ t }) => t.unreachable === undefined));
  return {
    states: figure(ir.states.map((s) => s.name), (n) => states.has(n), (n) => n),
    transitions: figure(goals, ({ s, i }) => transitions.has(key(s, i)), ({ s, t }) => `${s.name}: ${label(t)}`),
    tools: figure(ir.tools.map((t) => t.name), (n) => tools.has(n), (n) => n),
  };
}

/** `states 100% (9/9)`. */
export function formatFigure(name: string, f: CoverageFigure): string {
  const percent = f.total === 0 ? 100 : Math.floor((f.covered / f.total) * 100);
  return `${name} ${percent}% (${f.covered}/${f.total})`;
}

export function isComplete(c: Coverage): boolean {
  return c.states.covered === c.states.total && c.transitions.covered === c.transitions.total && c.tools.covered === c.tools.total;
}

function figure<T>(items: readonly T[], hit: (item: T) => boolean, name: (item: T) => string): CoverageFigure {
  const missing = items.filter((i) => !hit(i)).map(name);
  return { covered: items.length - missing.length, total: items.length, missing };
}

const key = (state: StateIR, index: number) => `${state.id}#${index}`;

function label(t: TransitionIR): string {
  const target = t.target.kind === "state" ? t.target.state : t.target.kind === "reply" ? "reply" : `escalate ${t.target.escalate.target}`;
  return `${trigger(t)}${target}${t.implicit ? " (implicit)" : ""}`;
}

function trigger(t: TransitionIR): string {
  switch (t.trigger.kind) {
    case "when":
      return `when ${t.trigger.guard.text} → `;
    case "error":
      return `on ${t.trigger.error} → `;
    case "anyError":
      return "on error → ";
    case "timeout":
      return "on timeout → ";
    case "exhausted":
      return "on exhausted → ";
    case "visitLimit":
      return "visit limit → ";
    case "else":
      return "else → ";
    case "done":
      return "";
  }
}

/** The reply or escalation a transition ends the session with (directly, or through a reply/escalate state). */
function endOf(t: TransitionIR, byName: ReadonlyMap<string, StateIR>): { action: ReplyIR | EscalateIR; state: string | undefined } | undefined {
  if (t.target.kind === "reply") return { action: t.target.reply, state: undefined };
  if (t.target.kind === "escalate") return { action: t.target.escalate, state: undefined };
  const target = byName.get(t.target.state);
  if (target !== undefined && (target.action.kind === "reply" || target.action.kind === "escalate")) return { action: target.action, state: target.name };
  return undefined;
}

function matches(action: ReplyIR | EscalateIR, outcome: Outcome): boolean {
  if (action.kind === "escalate") return outcome.kind === "escalation" && outcome.target === action.target && templatePattern(action.reason).test(outcome.reason);
  if (outcome.kind !== "reply") return false;
  const reply = action.fields.find((f) => f.name === "reply");
  const text = (outcome.output as { reply?: unknown } | null)?.reply;
  if (reply === undefined || reply.value.kind !== "template") return true;
  return typeof text === "string" && templatePattern(reply.value.template).test(text);
}

const patterns = new WeakMap<TemplateIR, RegExp>();
function templatePattern(template: TemplateIR): RegExp {
  let pattern = patterns.get(template);
  if (pattern === undefined) {
    const body = template.parts.map((p) => (p.kind === "text" ? p.text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : "[\\s\\S]*")).join("");
    pattern = new RegExp(`^${body}$`);
    patterns.set(template, pattern);
  }
  return pattern;
}
