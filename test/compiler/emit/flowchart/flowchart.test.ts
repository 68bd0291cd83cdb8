/**
 * The flowchart against the machine: each chart is parsed by the real `mermaid` package
 * (under jsdom) and its vertices and edges are compared with the IR's states and
 * transitions — every transition exactly one edge with the right label and stroke, plus
 * the start edge, and nothing else. The expected labels are spelled out here, from the IR,
 * independently of the emitter's own label code.
 */
import { basename, join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AnyStateMachine } from "xstate";
import { emitMachine } from "../../../../compiler/emit/machine/emit-machine.ts";
import { importMachine } from "../../../../compiler/load-agent.ts";
import { emitFlowchart } from "../../../../compiler/emit/flowchart/index.ts";
import type { AgentIR, EscalateIR, ExprIR, ReplyIR, StateIR, TargetIR, TemplatePartIR, TransitionIR } from "../../../../compiler/ir/ir.ts";
import { exprText } from "../../../../compiler/ir/expr-text.ts";
import { expectBaseline } from "../../../support/baseline.ts";
import { allAgentFiles, FIXTURES, fixture, lowerFile } from "./fixtures-ir.ts";
import { decodeMermaidText, type ParsedFlowchart, parseFlowchart, splitNodeLabel } from "./mermaid-jsdom.ts";

// ── What the chart must say, from the IR ─────────────────────────────────────

const line = (text: string): string => text.replace(/\s+/gu, " ").trim();
/** Mermaid decodes twice when it renders, so `ﬂ°` and `¶ß` are split by an invisible U+2060. */
const shown = (text: string): string => text.replace(/ﬂ°/gu, "ﬂ\u2060°").replace(/¶ß/gu, "¶\u2060ß");
const cut = (text: string): string => ([...text].length <= 100 ? text : `${[...text].slice(0, 99).join("").trimEnd()}…`);
const template = (parts: readonly TemplatePartIR[]): string => parts.map((p) => (p.kind === "text" ? p.text : `{{${[p.root, ...p.fields].join(".")}}}`)).join("");
const value = (e: ExprIR): string => (e.kind === "literal" && typeof e.value === "string" ? e.value : exprText(e));

function replyLabel(reply: ReplyIR): string {
  const main = reply.fields.find((f) => f.name === "reply");
  const text = main === undefined ? "" : line(main.value.kind === "template" ? template(main.value.template.parts) : value(main.value.expr));
  const others = reply.fields.filter((f) => f.name !== "reply").map((f) => f.name);
  return shown(`${text === "" ? "Reply" : `Reply: ${cut(text)}`}${others.length === 0 ? "" : ` (with ${others.join(", ")})`}`);
}

function escalationLabel(escalate: EscalateIR): string {
  const reason = line(template(escalate.reason.parts));
  return shown(`Escalate to ${escalate.target}${reason === "" ? "" : `: ${cut(reason)}`}`);
}

function stateTitle(state: StateIR): string {
  if (line(state.description) !== "") return shown(line(state.description));
  if (state.action.kind === "reply") return replyLabel(state.action);
  if (state.action.kind === "escalate") return escalationLabel(state.action);
  return state.name;
}

function edgeLabel(state: StateIR, t: TransitionIR): string {
  const trigger = t.trigger;
  const base =
    trigger.kind === "when"
      ? line(trigger.guard.text)
      : trigger.kind === "else"
        ? "else"
        : trigger.kind === "done"
          ? ""
          : trigger.kind === "error"
            ? `on ${trigger.error}`
            : trigger.kind === "anyError"
              ? "on error"
              : trigger.kind === "visitLimit"
                ? `visit limit (${state.visitLimit})`
                : `on ${trigger.kind}`;
  if (t.unreachable === undefined) return shown(base);
  const why = `unreachable: ${line(t.unreachable)}`;
  return shown(base === "" ? why : `${base} · ${why}`);
}

function dashed(t: TransitionIR): boolean {
  return t.unreachable !== undefined || ["error", "anyError", "timeout", "exhausted", "visitLimit"].includes(t.trigger.kind);
}

function targetKey(target: TargetIR): string {
  switch (target.kind) {
    case "state":
      return `state:${target.state}`;
    case "reply":
      return `reply:${replyLabel(target.reply)}`;
    case "escalate":
      return `escalate:${escalationLabel(target.escalate)}`;
  }
}

type Edge = readonly [from: string, to: string, label: string, stroke: string];

function expectedEdges(ir: AgentIR): Edge[] {
  const edges: Edge[] = [["(start)", `state:${ir.start}`, "", "normal"]];
  for (const state of ir.states) {
    for (const t of state.transitions) edges.push([`state:${state.name}`, targetKey(t.target), edgeLabel(state, t), dashed(t) ? "dotted" : "normal"]);
  }
  return edges;
}

const sorted = (edges: Edge[]): string[] => edges.map((e) => JSON.stringify(e)).sort();

// ── What the chart says, as Mermaid parsed it ────────────────────────────────

function chartEdges(ir: AgentIR, chart: ParsedFlowchart): Edge[] {
  const stateById = new Map(ir.states.map((s) => [s.id, s]));
  const key = (id: string): string => {
    if (id === "b0") return "(start)";
    const state = stateById.get(id);
    if (state !== undefined) return `state:${state.name}`;
    const vertex = chart.vertices.get(id);
    if (vertex === undefined) throw new Error(`edge to undeclared vertex ${id}`);
    const kind = vertex.classes.includes("reply") ? "reply" : vertex.classes.includes("escalation") ? "escalate" : "?";
    return `${kind}:${splitNodeLabel(vertex.text).title}`;
  };
  return chart.edges.map((e) => [key(e.start), key(e.end), decodeMermaidText(e.text), e.stroke ?? "?"]);
}

async function compare(ir: AgentIR): Promise<ParsedFlowchart> {
  const chart = await parseFlowchart(emitFlowchart(ir));
  expect(chart.diagramType).toBe("flowchart-v2");

  // vertices: the start marker, one per state (generated id, right text and class), terminals
  const stateIds = new Set(ir.states.map((s) => s.id));
  for (const state of ir.states) {
    const vertex = chart.vertices.get(state.id);
    expect(vertex, `vertex for state ${state.name}`).toBeDefined();
    const label = splitNodeLabel(vertex?.text ?? "");
    const title = stateTitle(state);
    expect(label).toEqual({ title, small: title === state.name ? undefined : state.name });
    const kind = state.action.kind;
    expect(vertex?.classes).toEqual([kind === "await" ? "human" : kind === "reply" ? "reply" : kind === "escalate" ? "escalation" : "step"]);
  }
  expect(splitNodeLabel(chart.vertices.get("b0")?.text ?? "").title).toBe("start");
  for (const [id, vertex] of chart.vertices) {
    expect(id).toMatch(/^(b0|s\d+|r\d+|e\d+)$/);
    expect(splitNodeLabel(vertex.text).title, `label of ${id}`).not.toBe("");
    if (id === "b0" || stateIds.has(id)) continue;
    // a terminal node: exactly one edge in, none out
    expect(chart.edges.filter((e) => e.end === id)).toHaveLength(1);
    expect(chart.edges.filter((e) => e.start === id)).toHaveLength(0);
  }

  // edges: exactly the IR's transitions (as a multiset) plus the start edge
  const transitions = ir.states.reduce((n, s) => n + s.transitions.length, 0);
  expect(chart.edges).toHaveLength(transitions + 1);
  expect(sorted(chartEdges(ir, chart))).toEqual(sorted(expectedEdges(ir)));
  return chart;
}

// ── The XState machine itself: its states and transitions, read from the loaded module ──

interface MachineNode {
  readonly key: string;
  readonly transitions: ReadonlyMap<string, readonly { readonly target?: readonly { readonly key: string }[] }[]>;
  readonly always?: readonly { readonly target?: readonly { readonly key: string }[] }[];
}

/**
 * (from, to) for every transition of the generated machine's state nodes: `to` is a state's
 * name, or `reply` / `escalate` for the final states and the reply/escalate action states.
 * Left out, because they are not decisions of the agent: the root's FORCE_ESCALATE (guards,
 * kill switches) and each step's `onError` (a rejected slot: a runtime defect). A reply or
 * escalate action state is itself the chart's terminal node, so its hop to the final state is
 * not an edge of the chart either.
 */
function machineEdges(ir: AgentIR, machine: AnyStateMachine): string[] {
  const byId = new Map(ir.states.map((s) => [s.id, s]));
  const nameOf = (key: string): string => {
    if (key === "replied") return "reply";
    if (key === "escalated") return "escalate";
    const state = byId.get(key)!;
    return state.action.kind === "reply" ? "reply" : state.action.kind === "escalate" ? "escalate" : `state:${state.name}`;
  };
  const edges: string[] = [];
  for (const [key, node] of Object.entries(machine.root.states) as [string, MachineNode][]) {
    const state = byId.get(key);
    if (state === undefined || state.action.kind === "reply" || state.action.kind === "escalate") continue;
    const defs = [...[...node.transitions.entries()].filter(([event]) => !event.startsWith("xstate.error.actor.")).flatMap(([, d]) => d), ...(node.always ?? [])];
    for (const def of defs) edges.push(`${state.name} -> ${nameOf(def.target![0]!.key)}`);
  }
  return edges.sort();
}

function chartEdgesBetween(ir: AgentIR, chart: ParsedFlowchart): string[] {
  const stateById = new Map(ir.states.map((s) => [s.id, s]));
  const end = (id: string): string => {
    const state = stateById.get(id);
    if (state !== undefined) return state.action.kind === "reply" ? "reply" : state.action.kind === "escalate" ? "escalate" : `state:${state.name}`;
    return chart.vertices.get(id)!.classes.includes("reply") ? "reply" : "escalate";
  };
  return chart.edges.filter((e) => e.start !== "b0").map((e) => `${stateById.get(e.start)!.name} -> ${end(e.end)}`).sort();
}

describe("emitFlowchart", () => {
  for (const file of allAgentFiles()) {
    it(`matches the machine: ${basename(file)}`, async () => {
      const ir = lowerFile(file);
      const chart = await compare(ir);
      const module = await importMachine(emitMachine(ir));
      expect(chartEdgesBetween(ir, chart)).toEqual(machineEdges(ir, module.machine));
      expect(chart.edges.find((e) => e.start === "b0")?.end).toBe((module.machine.config as { initial: string }).initial);
    });
  }

  for (const name of ["refund", "nasty"]) {
    it(`golden: ${name}`, () => {
      expectBaseline(join(FIXTURES, `${name}.flowchart.mmd`), emitFlowchart(fixture(name)));
    });
  }

  it("styles failures, limits and unreachable edges apart", async () => {
    const chart = await compare(fixture("nasty"));
    const byLabel = (label: string) => chart.edges.find((e) => decodeMermaidText(e.text).startsWith(label));
    expect(byLabel("on error")?.style).toContain("stroke:#c62828");
    expect(byLabel("on timeout")?.style).toContain("stroke:#b26a00");
    expect(byLabel("input.n >= 3")?.style).toContain("stroke-dasharray:2 4");
    expect(byLabel("else")?.stroke).toBe("normal");
  });

  it("keeps any text intact through Mermaid (descriptions, guards, reasons)", async () => {
    const base = fixture("nasty");
    const nasty = fc.constantFrom('"', "|", "<", ">", "&", "#", ";", "`", "ﬂ°", "¶ß", "#quot;", "&amp;", "%%", "{{", "}}", "[", "]", "(", ")", "\\", "-->", "end", "o1", "x", "\n", " ", "é", "日本", "🚀", "<br/>", "<script>", "a", "b");
    const text = fc.array(fc.oneof(nasty, fc.string({ unit: "grapheme", maxLength: 3 })), { maxLength: 12 }).map((parts) => parts.join(""));
    await fc.assert(
      fc.asyncProperty(text, text, fc.array(text, { minLength: 1, maxLength: 1 }), async (description, guard, [reason = ""]) => {
        const states = base.states.map((s, i): StateIR => {
          if (i !== 0) return s;
          return {
            ...s,
            description,
            transitions: s.transitions.map((t): TransitionIR => {
              if (t.trigger.kind === "when") return { ...t, trigger: { kind: "when", guard: { ...t.trigger.guard, text: `${guard} ?` } } };
              if (t.target.kind === "escalate") return { ...t, target: { kind: "escalate", escalate: { ...t.target.escalate, reason: { parts: [{ kind: "text", text: reason }] } } } };
              return t;
            }),
          };
        });
        await compare({ ...base, states });
      }),
      { numRuns: 60, seed: 20261124 },
    );
  });
});
