/**
 * Failure modes of mock tools, and the CLI's `--fail` form of them:
 *
 *   issueRefund=0.5            half the calls fail (a declared error at random, else a generic failure)
 *   issueRefund=25%            the same as 0.25
 *   issueRefund=Declined       every call fails with the declared error Declined
 *   issueRefund=Declined:0.3   30 % of the calls fail with Declined
 *   issueRefund=failure        every call fails with an undeclared (generic) failure
 *   getOrder=timeout           every call hangs until the executor's deadline aborts it
 *   getOrder=timeout:0.2       20 % of the calls hang
 *   getOrder=latency:200ms     every call takes 200 ms (`latency:1s`, `latency:100..400ms`)
 *   getOrder=latency:200ms,0.1 items combine, separated by commas
 */
import type { ToolContract } from "../contract.ts";
import { MockConfigError } from "./errors.ts";

export interface ToolFailureMode {
  /**
   * Probability in [0, 1] that a call fails with `error`. Default: 1 when `error` is given, else 0.
   * Without `error`, a failing call throws one of the tool's declared errors at random (a
   * generic failure when it declares none).
   */
  readonly errorRate?: number;
  /** A declared error name, or `"failure"` for an undeclared (generic) failure. */
  readonly error?: string;
  /** Delay before each call answers, honouring the abort signal: fixed ms, or a [min, max] range. */
  readonly latencyMs?: number | readonly [number, number];
  /** Hang until the call's signal aborts: every call (`true`) or at this rate. */
  readonly timeout?: boolean | number;
}

/** The reserved error name for an undeclared failure (a declared error of the same name wins). */
export const GENERIC_FAILURE = "failure";

/** One `--fail` spec: `tool=item[,item…]`. Throws `MockConfigError` with a message naming what is wrong. */
export function parseFailSpec(text: string, tools: Readonly<Record<string, ToolContract>>): { readonly tool: string; readonly mode: ToolFailureMode } {
  const where = `--fail "${text}"`;
  const eq = text.indexOf("=");
  if (eq <= 0 || eq === text.length - 1) {
    throw new MockConfigError(`${where}: expected tool=rate, tool=<Error>, tool=timeout or tool=latency:<ms> (e.g. issueRefund=0.5)`);
  }
  const tool = text.slice(0, eq).trim();
  const contract = Object.hasOwn(tools, tool) ? tools[tool] : undefined;
  if (contract === undefined) throw new MockConfigError(`${where}: unknown tool "${tool}"; ${toolList(tools)}`);
  let mode: ToolFailureMode = {};
  for (const raw of text.slice(eq + 1).split(",")) {
    const item = raw.trim();
    if (item === "") throw new MockConfigError(`${where}: an empty item; separate items with single commas`);
    mode = { ...mode, ...parseItem(item, contract, where) };
  }
  return { tool, mode };
}

/** Several `--fail` specs as the `failures` option of `mockTools`; specs for the same tool combine, later items win. */
export function parseFailSpecs(texts: readonly string[], tools: Readonly<Record<string, ToolContract>>): Record<string, ToolFailureMode> {
  const out: Record<string, ToolFailureMode> = {};
  for (const text of texts) {
    const { tool, mode } = parseFailSpec(text, tools);
    out[tool] = { ...(Object.hasOwn(out, tool) ? out[tool] : {}), ...mode };
  }
  return out;
}

function parseItem(item: string, contract: ToolContract, where: string): ToolFailureMode {
  const rate = parseRate(item);
  if (rate !== undefined) return { errorRate: checkRate(rate, item, where) };
  const colon = item.indexOf(":");
  const head = colon < 0 ? item : item.slice(0, colon);
  const arg = colon < 0 ? undefined : item.slice(colon + 1).trim();
  if (head === "latency") {
    if (arg === undefined || arg === "") throw new MockConfigError(`${where}: latency needs a duration, e.g. latency:200ms or latency:100..400ms`);
    return { latencyMs: parseLatency(arg, where) };
  }
  const argRate = arg === undefined ? undefined : parseRate(arg);
  if (arg !== undefined && argRate === undefined) throw new MockConfigError(`${where}: "${arg}" is not a rate; write a number in [0, 1] or a percentage such as 30%`);
  if (head === "timeout") return { timeout: argRate === undefined ? true : checkRate(argRate, arg!, where) };
  const declared = contract.errors.map((e) => e.name);
  if (!declared.includes(head) && head !== GENERIC_FAILURE) {
    const known = declared.length === 0 ? `${contract.name} declares no errors` : `${contract.name} declares ${declared.join(", ")}`;
    throw new MockConfigError(`${where}: "${head}" is not a rate, timeout, latency or an error of ${contract.name}; ${known} (or "${GENERIC_FAILURE}" for an undeclared failure)`);
  }
  return { error: head, ...(argRate === undefined ? {} : { errorRate: checkRate(argRate, arg!, where) }) };
}

/** `0.5`, `.5`, `1`, `25%` → a number (range unchecked); undefined when it is not a rate. */
function parseRate(text: string): number | undefined {
  const match = /^(\d+(?:\.\d*)?|\.\d+)(%?)$/.exec(text);
  if (match === null) return undefined;
  const value = Number(match[1]);
  return match[2] === "%" ? value / 100 : value;
}

function checkRate(rate: number, text: string, where: string): number {
  if (!(rate >= 0 && rate <= 1)) throw new MockConfigError(`${where}: the rate ${text} is not between 0 and 1 (or 0% and 100%)`);
  return rate;
}

/** `200ms`, `1.5s`, `200` (ms), `100..400ms`, `100ms..1s`. */
function parseLatency(text: string, where: string): number | [number, number] {
  const parts = text.split("..");
  const unit = /(ms|s)$/.exec(parts[parts.length - 1]!)?.[1];
  const values = parts.map((p) => parseDuration(p.trim(), unit));
  if (parts.length > 2 || values.some((v) => v === undefined)) {
    throw new MockConfigError(`${where}: "${text}" is not a latency; write e.g. 200ms, 1s or 100..400ms`);
  }
  const [min, max] = values as number[];
  if (max === undefined) return min!;
  if (min! > max) throw new MockConfigError(`${where}: the latency range ${text} runs backwards`);
  return [min!, max];
}

function parseDuration(text: string, defaultUnit: string | undefined): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(text);
  if (match === null) return undefined;
  const unit = match[2] ?? defaultUnit ?? "ms";
  return Number(match[1]) * (unit === "s" ? 1000 : 1);
}

function toolList(tools: Readonly<Record<string, ToolContract>>): string {
  const names = Object.keys(tools);
  return names.length === 0 ? "the agent has no tools" : `the agent's tools are ${names.join(", ")}`;
}

/** Checks a programmatic `failures` option the way the spec parser does; returns it unchanged. */
export function checkFailureModes(failures: Readonly<Record<string, ToolFailureMode>>, tools: Readonly<Record<string, ToolContract>>): Readonly<Record<string, ToolFailureMode>> {
  for (const [tool, mode] of Object.entries(failures)) {
    const where = `failures.${tool}`;
    const contract = Object.hasOwn(tools, tool) ? tools[tool] : undefined;
    if (contract === undefined) throw new MockConfigError(`${where}: unknown tool "${tool}"; ${toolList(tools)}`);
    if (mode.errorRate !== undefined) checkRate(mode.errorRate, String(mode.errorRate), where);
    if (typeof mode.timeout === "number") checkRate(mode.timeout, String(mode.timeout), where);
    if (mode.error !== undefined && mode.error !== GENERIC_FAILURE && !contract.errors.some((e) => e.name === mode.error)) {
      throw new MockConfigError(`${where}: ${tool} declares no error "${mode.error}" (declared: ${contract.errors.map((e) => e.name).join(", ") || "none"}; or "${GENERIC_FAILURE}")`);
    }
    const latency = mode.latencyMs;
    const range = typeof latency === "number" ? [latency, latency] : latency;
    if (range !== undefined && !(range[0] >= 0 && range[1] >= range[0] && Number.isFinite(range[1]))) {
      throw new MockConfigError(`${where}: latencyMs must be a non-negative number or a [min, max] range`);
    }
  }
  return failures;
}
