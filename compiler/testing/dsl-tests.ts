/**
 * Tests written in the language (`test "…" { … }` in an agent): each runs as one session
 * through the real runtime (the harness's `runCase`) with the test's input, its scripted
 * model answers (by prompt, in order), tool results and failures (by tool, in order, one per
 * attempt) and human responses (in order), then the path and the outcome are compared with
 * what the test expects. A call the test did not script, or a scripted line never used,
 * fails the test.
 */
import type { AnyStateMachine } from "xstate";
import type * as A from "../../language/ast.ts";
import type { AgentModule, Outcome } from "../../runtime/contract.ts";
import type { HarnessCase, HumanPlanItem, ToolPlanItem } from "../../runtime/testing/case.ts";
import { runCase, type CaseRun } from "../../runtime/testing/run-case.ts";
import { pathOf, type SessionPath } from "../../runtime/testing/suite.ts";

/** A test block as plain data: literal values decoded, names resolved to strings. */
export interface DslTest {
  readonly name: string;
  readonly input: unknown;
  /** Answers, or (`call`) a tool the model asks for in a loop with `value` as its arguments. */
  readonly models: readonly { readonly prompt: string; readonly call?: string; readonly value: unknown }[];
  readonly tools: readonly { readonly tool: string; readonly item: ToolPlanItem }[];
  readonly humans: readonly { readonly state: string; readonly item: HumanPlanItem }[];
  readonly expectPath: readonly string[] | undefined;
  readonly expectOutcome:
    | { readonly kind: "reply"; readonly fields: Readonly<Record<string, unknown>> | undefined }
    | { readonly kind: "escalation"; readonly target: string; readonly reason: string | undefined }
    | undefined;
}

export interface DslTestResult {
  readonly test: string;
  readonly agent: string;
  readonly passed: boolean;
  /** Why it failed (every mismatch, one per line); empty when it passed. */
  readonly message: string;
  /** The states the session ran, in order. */
  readonly path: readonly string[];
  readonly outcome: Outcome | undefined;
  /** The session as coverage reads it (states, decisions, tools, outcome). */
  readonly session: SessionPath;
}

type Module = AgentModule<AnyStateMachine>;

/** The test blocks of an agent, in source order. */
export function testsOf(agent: A.AgentDecl | undefined): DslTest[] {
  const tests: DslTest[] = [];
  for (const member of agent?.members ?? []) if (member.kind === "TestDecl") tests.push(testOf(member));
  return tests;
}

function testOf(decl: A.TestDecl): DslTest {
  let input: unknown = {};
  const models: { prompt: string; call?: string; value: unknown }[] = [];
  const tools: { tool: string; item: ToolPlanItem }[] = [];
  const humans: { state: string; item: HumanPlanItem }[] = [];
  let expectPath: string[] | undefined;
  let expectOutcome: DslTest["expectOutcome"];
  for (const item of decl.items) {
    switch (item.kind) {
      case "TestInput":
        input = literalValue(item.value);
        break;
      case "TestModelAnswer":
        models.push({ prompt: item.prompt.name, ...(item.call === undefined ? {} : { call: item.call.name }), value: literalValue(item.value) });
        break;
      case "TestToolResult":
        tools.push({
          tool: item.tool.name,
          item: item.error !== undefined ? { kind: "error", name: item.error.name } : item.timeout ? { kind: "timeout" } : { kind: "value", value: literalValue(item.value) },
        });
        break;
      case "TestHumanResponse":
        humans.push({ state: item.state.name, item: item.timeout ? { kind: "timeout" } : { kind: "value", value: literalValue(item.value) } });
        break;
      case "TestExpectPath":
        expectPath = item.states.map((s) => s.name);
        break;
      case "TestExpectReply":
        expectOutcome = { kind: "reply", fields: item.fields === undefined ? undefined : (literalValue(item.fields) as Record<string, unknown>) };
        break;
      case "TestExpectEscalate":
        expectOutcome = { kind: "escalation", target: item.target.name, reason: item.reason?.value };
        break;
    }
  }
  return { name: decl.name.value, input, models, tools, humans, expectPath, expectOutcome };
}

/** The value a literal expression denotes (the checker rejects anything else; it reads as undefined). */
export function literalValue(expr: A.Expr | undefined): unknown {
  switch (expr?.kind) {
    case "StringLiteral":
    case "NumberLiteral":
    case "BooleanLiteral":
      return expr.value;
    case "RecordLiteral":
      return Object.fromEntries(expr.fields.map((f) => [f.name.name, literalValue(f.value)]));
    case "ArrayLiteral":
      return expr.elements.map(literalValue);
    case "ParenExpr":
      return literalValue(expr.inner);
    case "NotExpr": {
      const inner = literalValue(expr.operand);
      return typeof inner === "boolean" ? !inner : undefined;
    }
    default:
      return undefined;
  }
}

/** The harness case that plays the test: answers wrapped as `{ value }` so no answer reads as a script directive. */
export function caseOf(test: DslTest): HarnessCase {
  const script: Record<string, unknown[]> = {};
  for (const m of test.models) (script[m.prompt] ??= []).push(m.call === undefined ? { value: m.value } : { tool: m.call, args: m.value });
  const tools: Record<string, ToolPlanItem[]> = {};
  for (const t of test.tools) (tools[t.tool] ??= []).push(t.item);
  return { seed: 1, input: test.input, model: { script, obedient: false }, tools, humans: test.humans.map((h) => h.item) };
}

/** Runs one test as one session; never rejects. */
export async function runDslTest(module: Module, test: DslTest): Promise<DslTestResult> {
  const agent = module.metadata.name;
  const run = await runCase(module, caseOf(test));
  const path = run.events.flatMap((e) => (e.type === "step.started" ? [e.state] : []));
  const problems = [...scriptProblems(module, test, run), ...expectationProblems(test, path, run)];
  return { test: test.name, agent, passed: problems.length === 0, message: problems.join("\n"), path, outcome: run.outcome, session: pathOf(run) };
}

export async function runDslTests(module: Module, tests: readonly DslTest[]): Promise<DslTestResult[]> {
  const results: DslTestResult[] = [];
  for (const test of tests) results.push(await runDslTest(module, test));
  return results;
}

/** Calls past the script (the harness answered them with generated values) and scripted lines never used. */
function scriptProblems(module: Module, test: DslTest, run: CaseRun): string[] {
  const problems: string[] = [];
  const compare = (what: string, scripted: number, made: number, line: string): void => {
    if (made > scripted) problems.push(`unscripted ${what}: the session made ${made}, the test scripts ${scripted}; add \`${line}\``);
    else if (made < scripted) problems.push(`${scripted - made} scripted ${what} never used (the session made ${made} of ${scripted})`);
  };
  const modelRequests = new Map<string, number>();
  for (const e of run.events) {
    if (e.type !== "model.request") continue;
    const prompt = module.metadata.states[e.state]?.prompt ?? e.state;
    modelRequests.set(prompt, (modelRequests.get(prompt) ?? 0) + 1);
  }
  const prompts = new Set([...modelRequests.keys(), ...test.models.map((m) => m.prompt)]);
  for (const prompt of prompts) {
    compare(`model call for prompt "${prompt}"`, test.models.filter((m) => m.prompt === prompt).length, modelRequests.get(prompt) ?? 0, `model ${prompt} { … }`);
  }
  const toolCalls = new Map<string, number>();
  for (const c of run.executed) toolCalls.set(c.tool, (toolCalls.get(c.tool) ?? 0) + 1);
  const tools = new Set([...toolCalls.keys(), ...test.tools.map((t) => t.tool)]);
  for (const tool of tools) compare(`call of tool "${tool}"`, test.tools.filter((t) => t.tool === tool).length, toolCalls.get(tool) ?? 0, `tool ${tool} { … }`);
  const waits = run.events.flatMap((e) => (e.type === "human.response" ? [e.state] : []));
  waits.forEach((state, i) => {
    const scripted = test.humans[i];
    if (scripted === undefined) problems.push(`unscripted human response in state "${state}"; add \`human ${state} { … }\``);
    else if (scripted.state !== state) problems.push(`human response ${i + 1} is scripted for state "${scripted.state}" but the session waited in "${state}"`);
  });
  if (test.humans.length > waits.length) problems.push(`${test.humans.length - waits.length} scripted human response(s) never used`);
  return problems;
}

function expectationProblems(test: DslTest, path: readonly string[], run: CaseRun): string[] {
  const problems: string[] = [];
  if (run.error !== undefined) problems.push(`the session failed: ${run.error}`);
  if (test.expectPath !== undefined && !sameList(test.expectPath, path)) {
    problems.push(`path: expected [${test.expectPath.join(", ")}], got [${path.join(", ")}]`);
  }
  const outcome = run.outcome;
  const expected = test.expectOutcome;
  if (outcome === undefined) {
    problems.push("the session did not end");
    return problems;
  }
  if (expected === undefined) return problems;
  if (expected.kind === "reply") {
    if (outcome.kind !== "reply") return [...problems, `expected a reply, got ${describeOutcome(outcome)}`];
    const output = (typeof outcome.output === "object" && outcome.output !== null ? outcome.output : {}) as Record<string, unknown>;
    for (const [field, value] of Object.entries(expected.fields ?? {})) {
      if (!deepEqual(output[field], value)) problems.push(`reply.${field}: expected ${JSON.stringify(value)}, got ${output[field] === undefined ? "nothing" : JSON.stringify(output[field])}`);
    }
    return problems;
  }
  if (outcome.kind !== "escalation") return [...problems, `expected an escalation to ${expected.target}, got ${describeOutcome(outcome)}`];
  if (outcome.target !== expected.target || (expected.reason !== undefined && outcome.reason !== expected.reason)) {
    problems.push(`expected an escalation to ${expected.target}${expected.reason === undefined ? "" : ` (${JSON.stringify(expected.reason)})`}, got ${describeOutcome(outcome)}`);
  }
  return problems;
}

function describeOutcome(outcome: Outcome): string {
  return outcome.kind === "reply" ? `the reply ${JSON.stringify(outcome.output)}` : `an escalation to ${outcome.target} (${JSON.stringify(outcome.reason)})`;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
