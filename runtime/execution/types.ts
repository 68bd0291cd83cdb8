import type { Context } from "@opentelemetry/api";
import type { AgentSchemas, StepFailure, StepOutcome, ToolContract, ToolRequest } from "../contract.ts";
import type { IdempotencyStore } from "./idempotency.ts";

/** What a tool implementation receives besides its (validated) input. */
export interface ToolCallContext {
  /** Aborted at the tool's deadline or when the caller gives up; pass it to fetch & co. */
  readonly signal: AbortSignal;
  /** Side-effecting tools only: forward it downstream (e.g. Stripe's `Idempotency-Key`). */
  readonly idempotencyKey: string | undefined;
  /** 1 for the first attempt, 2 for the first retry, … */
  readonly attempt: number;
  /** The OpenTelemetry context of the tool call; the implementation also runs inside it. */
  readonly traceContext: Context | undefined;
}

/**
 * A tool's code. Returns its output (validated against the contract afterwards); reports a
 * declared error with `throw new ToolError(name, message)`. `input` is typed `any` so typed
 * implementations `(input: { orderId: string }) => …` fit a plain record of them; the runtime
 * API types them from the generated module.
 */
export type ToolImplementation<I = any, O = unknown> = (input: I, ctx: ToolCallContext) => Promise<O> | O;

export interface ToolExecutorOptions {
  readonly contracts: Readonly<Record<string, ToolContract>>;
  readonly schemas: AgentSchemas["tools"];
  readonly implementations: Readonly<Record<string, ToolImplementation>>;
  /** Defaults to a fresh in-memory store (process-local). */
  readonly idempotencyStore?: IdempotencyStore;
  /** Epoch ms. Drives rate limits and breaker windows; defaults to `Date.now()`. */
  readonly clock?: () => number;
  /** In [0, 1). Drives retry jitter; defaults to `Math.random`. */
  readonly random?: () => number;
  /** The ceiling for tools that declare no timeout. Default 30 s. */
  readonly defaultTimeoutMs?: number;
  /** Observes attempts, breaker changes and idempotency; for telemetry. Must not throw (ignored if it does). */
  readonly onEvent?: (event: ExecutionEvent) => void;
}

export interface ExecuteRequest extends ToolRequest {
  readonly sessionId: string;
  /** The caller giving up (session stopped): the call resolves as a "cancelled" failure. */
  readonly signal?: AbortSignal;
  readonly traceContext?: Context;
}

export type BreakerState = "closed" | "open" | "half-open" | "isolated";

/** A breaker's state as plain JSON: persist it, then give it back to `restoreBreakers`. */
export interface BreakerSnapshot {
  readonly state: BreakerState;
  /** cockatiel's `CircuitBreakerPolicy.toJSON()`: circuit state, opened-at time, failure times. */
  readonly saved: unknown;
}

export interface ToolExecutor {
  /** Never rejects: every failure is a typed `StepOutcome`. */
  execute(request: ExecuteRequest): Promise<StepOutcome>;
  /** Tool name → snapshot, for the tools that declare a breaker. */
  breakerStates(): Record<string, BreakerSnapshot>;
  /** One tool's breaker state (cheap: no snapshot); undefined when it declares no breaker. */
  breakerState(tool: string): BreakerState | undefined;
  /** Applies saved snapshots; unknown tools, tools without a breaker and malformed entries are ignored. */
  restoreBreakers(snapshots: Readonly<Record<string, BreakerSnapshot>>): { readonly restored: readonly string[]; readonly ignored: readonly string[] };
}

export type ExecutionEvent =
  | { readonly type: "attempt"; readonly tool: string; readonly attempt: number; readonly durationMs: number; readonly failure: StepFailure | undefined }
  | { readonly type: "breaker"; readonly tool: string; readonly state: BreakerState }
  | { readonly type: "rate-limited"; readonly tool: string }
  | { readonly type: "idempotent-replay"; readonly tool: string; readonly idempotencyKey: string }
  | { readonly type: "idempotency-store-error"; readonly tool: string; readonly idempotencyKey: string; readonly message: string };
