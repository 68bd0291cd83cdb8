/**
 * A tool's contract as Markdown for reviewers: what it takes and returns, what it changes,
 * how it fails and what the agent then does, and the limits the runtime enforces on it.
 * Every default the language implies (calls per session, retry none, effects none) is
 * written out, so a reader never has to know the defaults.
 */
import type { AgentIR, EffectIR, ToolIR } from "../../ir/ir.ts";
import { describeHandling, stateByName, stepKind } from "./describe.ts";
import { code, count, duration, list, table, text, usd } from "./markdown.ts";
import { schemaTable } from "./schema-table.ts";

const EFFECTS: Readonly<Record<EffectIR, string>> = {
  none: "none — a pure computation, changes nothing",
  read: "read — reads another system, changes nothing",
  write: "**write** — changes state in another system",
  payment: "**payment** — moves money",
};

export function emitToolContract(ir: AgentIR, tool: ToolIR): string {
  const parts = [
    `# Tool ${code(tool.name)}`,
    tool.description === "" ? "_No description._" : text(tool.description),
    `Used by agent ${code(ir.name)} (version ${ir.version}); declared at ${code(`${tool.source.file}:${tool.source.line}`)}. ` +
      `Schemas: ${code(`${tool.name}.input.schema.json`)}, ${code(`${tool.name}.output.schema.json`)} (JSON Schema draft 2020-12).`,
    "## Contract",
    table(["Clause", "Value"], summaryRows(ir, tool)),
    "## Input",
    "Arguments the machine passes; any other field is a contract violation.",
    schemaTable(tool.input),
    "## Output",
    "What the tool must return; fields not declared here are dropped.",
    schemaTable(tool.output),
    "## Failure modes",
    failureSection(ir, tool),
    "## Who may call it",
    callersSection(ir, tool),
  ];
  return `${parts.join("\n\n")}\n`;
}

function summaryRows(ir: AgentIR, tool: ToolIR): string[][] {
  const attempts = 1 + (tool.retry?.attempts ?? 0);
  return [
    ["Side effects", EFFECTS[tool.effects]],
    ["Idempotency key", idempotency(tool)],
    ["Timeout", tool.timeoutMs === undefined ? "none declared" : `${duration(tool.timeoutMs)} per attempt`],
    ["Retry", retry(tool)],
    ["Circuit breaker", tool.breaker === undefined ? "none" : `opens after ${tool.breaker.failures} failures in ${duration(tool.breaker.windowMs)}; fails fast for ${duration(tool.breaker.cooldownMs)}, then lets one call probe`],
    ["Rate limit", tool.rate === undefined ? "none" : `${tool.rate.count} calls per ${duration(tool.rate.perMs)}`],
    ["Calls per session", `${tool.callsPerSession}${tool.callsPerSession === 5 ? " (the default)" : ""}; the next call escalates the session to ${code(ir.defaultEscalation)}`],
    [
      "Cost per call",
      tool.costUsd === undefined
        ? "not declared (counted as 0 in the cost bound)"
        : `${usd(tool.costUsd)}; at most ${usd(tool.costUsd * attempts * tool.callsPerSession)} per session (${tool.callsPerSession} call${tool.callsPerSession === 1 ? "" : "s"} × ${attempts} attempt${attempts === 1 ? "" : "s"})`,
    ],
    ["Kill switch", `${code(`agentc flags set tool.${tool.name}.disabled true`)}: calls fail without reaching the tool (see failure modes)`],
  ];
}

function idempotency(tool: ToolIR): string {
  if (!tool.sideEffecting) return `not needed (effects ${tool.effects})`;
  const fields = tool.idempotencyKey.map((p) => code(p.join(".")));
  return `${list(fields)}, with the session id and the state: a repeated call with the same key returns the first result; the same key with different arguments is refused`;
}

function retry(tool: ToolIR): string {
  if (tool.retry === undefined) return "none (the default): a failed call is not repeated";
  const r = tool.retry;
  const retryable = tool.errors.filter((e) => e.retryable).map((e) => code(e.name));
  const which = retryable.length === 0 ? "timeouts" : `timeouts and ${list(retryable)}`;
  const backoff = r.backoff === "fixed" ? `${duration(r.delayMs)} apart` : `exponential backoff from ${duration(r.delayMs)}`;
  return `up to ${r.attempts} ${r.attempts === 1 ? "retry" : "retries"} after the first attempt, ${backoff}, with jitter; only retryable failures (${which})`;
}

interface Failure {
  readonly name: string;
  readonly error: string | undefined;
  readonly retryable: boolean;
  readonly meaning: string;
}

function failures(tool: ToolIR): Failure[] {
  return [
    ...tool.errors.map((e) => ({ name: code(e.name), error: e.name, retryable: e.retryable, meaning: "declared by the tool" })),
    ...(tool.timeoutMs === undefined ? [] : [{ name: "timeout", error: undefined, retryable: true, meaning: `no result within ${duration(tool.timeoutMs)}` }]),
    ...(tool.breaker === undefined ? [] : [{ name: "circuit open", error: undefined, retryable: false, meaning: "the breaker is open: the call fails fast" }]),
    { name: "contract violation", error: undefined, retryable: false, meaning: "input or output does not match the schema" },
    { name: "disabled", error: undefined, retryable: false, meaning: `flag ${code(`tool.${tool.name}.disabled`)} is set` },
  ];
}

function failureSection(ir: AgentIR, tool: ToolIR): string {
  const rows: string[][] = [];
  for (const failure of failures(tool)) {
    const states = tool.allowedIn.map((name) => stateByName(ir, name)).filter((s) => s !== undefined);
    const handling = states.length === 0 ? "not called by any state" : states.map((s) => `${code(s.name)}: ${describeHandling(s, failure.error)}`).join("; ");
    rows.push([failure.name, failure.meaning, failure.retryable ? "yes" : "no", handling]);
  }
  const guards =
    `Guards outside the state's transitions: a call beyond ${tool.callsPerSession} per session, or from a state not listed below, ` +
    `never reaches the tool; the runtime escalates to ${code(ir.defaultEscalation)} and raises an alert event.`;
  return `${table(["Failure", "Meaning", "Retryable", "What the agent does"], rows)}\n\n${guards}`;
}

function callersSection(ir: AgentIR, tool: ToolIR): string {
  if (tool.allowedIn.length === 0) return "No state calls this tool; every call is blocked.";
  const rows = tool.allowedIn.map((name) => {
    const state = stateByName(ir, name);
    return [code(name), state === undefined ? "" : stepKind(state), state === undefined || state.description === "" ? "" : state.description];
  });
  const total = tool.callsPerSession;
  return `${table(["State", "Step", "Description"], rows)}\n\nAt most ${count(total)} call${total === 1 ? "" : "s"} per session across these states.`;
}
