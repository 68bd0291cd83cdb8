/**
 * Mock tools: an implementation per tool of a generated module that answers with realistic
 * values generated from the tool's output schema (top-level fields named like an input field
 * echo it: `getOrder({ orderId })` returns that `orderId`), with failure modes per tool —
 * an error rate, a declared named error, latency, a hang until the deadline.
 *
 * Call `n` of tool `t` draws from the stream `(seed, "tool", t, n)`: a run with the same
 * seed and the same calls gets the same answers and the same failures.
 */
import type { AgentModule, ToolContract } from "../contract.ts";
import { ToolError } from "../execution/tool-error.ts";
import type { ToolCallContext, ToolImplementation } from "../execution/types.ts";
import { MockValueError } from "./errors.ts";
import { checkFailureModes, GENERIC_FAILURE, type ToolFailureMode } from "./fail-spec.ts";
import { generateValue } from "./generate-value.ts";
import { rngFor, type Rng, type Seed } from "./random.ts";
import { sleep, untilAborted } from "./waiting.ts";

/** What the mock layer reads of a generated module. */
export type MockableModule = Pick<AgentModule, "schemas" | "metadata">;

export interface MockToolsOptions {
  /** Default 0. */
  readonly seed?: Seed;
  /** Failure modes by tool name (`parseFailSpecs` reads the CLI's `--fail` form). Unknown tools are a `MockConfigError`. */
  readonly failures?: Readonly<Record<string, ToolFailureMode>>;
  /** How latency waits; defaults to a timer that honours the signal. Tests record instead of waiting. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** An implementation for every tool of the module. */
export function mockTools(module: MockableModule, options: MockToolsOptions = {}): Record<string, ToolImplementation> {
  const tools = module.metadata.tools;
  const failures = checkFailureModes(options.failures ?? {}, tools);
  const out: Record<string, ToolImplementation> = {};
  for (const [name, contract] of Object.entries(tools)) {
    const schemas = Object.hasOwn(module.schemas.tools, name) ? module.schemas.tools[name] : undefined;
    if (schemas === undefined) throw new MockValueError(`tools.${name}`, "the module has a contract but no schemas for this tool");
    const mode = Object.hasOwn(failures, name) ? failures[name]! : {};
    let calls = 0;
    const implementation: ToolImplementation = async (input: unknown, ctx: ToolCallContext) => {
      const rng = rngFor(options.seed ?? 0, "tool", name, calls++);
      await misbehave(contract, mode, rng, ctx.signal, options.sleep ?? sleep);
      const prefer = typeof input === "object" && input !== null ? (input as Record<string, unknown>) : undefined;
      return generateValue(schemas.output, { rng, name, path: `${name}.output`, ...(prefer === undefined ? {} : { prefer }) });
    };
    Object.defineProperty(out, name, { value: implementation, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Latency, then a hang, then an error: each drawn from the call's stream. */
async function misbehave(contract: ToolContract, mode: ToolFailureMode, rng: Rng, signal: AbortSignal, wait: (ms: number, signal: AbortSignal) => Promise<void>): Promise<void> {
  const latency = mode.latencyMs;
  if (latency !== undefined) {
    const ms = typeof latency === "number" ? latency : rng.int(Math.round(latency[0]), Math.round(latency[1]));
    if (ms > 0) await wait(ms, signal);
  }
  const hangRate = mode.timeout === true ? 1 : typeof mode.timeout === "number" ? mode.timeout : 0;
  if (hangRate > 0 && rng.next() < hangRate) await untilAborted(signal);
  const errorRate = mode.errorRate ?? (mode.error !== undefined ? 1 : 0);
  if (errorRate > 0 && rng.next() < errorRate) throw failureFor(contract, mode.error, rng);
}

function failureFor(contract: ToolContract, error: string | undefined, rng: Rng): Error {
  const declared = contract.errors.map((e) => e.name);
  const name = error ?? (declared.length > 0 ? rng.pick(declared) : GENERIC_FAILURE);
  if (declared.includes(name)) return new ToolError(name, `mock ${contract.name} failed with ${name}`);
  return new Error(`mock ${contract.name} failed`);
}
