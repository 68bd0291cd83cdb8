import {
  CircuitBreakerPolicy,
  CircuitState,
  DelegateBackoff,
  handleWhenResult,
  retry,
  timeout,
  TimeoutStrategy,
  circuitBreaker,
  type RetryPolicy,
  type TimeoutPolicy,
} from "cockatiel";
import type { StepFailure, ToolContract } from "../contract.ts";
import { TokenBucket } from "./rate-limiter.ts";
import type { BreakerState } from "./types.ts";
import { WindowBreaker } from "./window-breaker.ts";

/** No declared timeout: nothing may hang forever, so every attempt gets this ceiling. */
export const DEFAULT_TOOL_TIMEOUT_MS = 30_000;
/** Exponential backoff never waits longer than this between attempts. */
export const MAX_BACKOFF_MS = 30_000;

/** One attempt, classified for the retry and breaker policies. */
export type AttemptResult =
  | { readonly ok: true; readonly value: unknown }
  | {
      readonly ok: false;
      readonly failure: StepFailure;
      /** Timeouts and declared-retryable errors. */
      readonly retryable: boolean;
      /** Counts toward the breaker: everything that says the tool is unwell. */
      readonly counts: boolean;
    };

export interface ToolPolicies {
  readonly timeoutMs: number;
  readonly timeout: TimeoutPolicy;
  readonly retry: RetryPolicy | undefined;
  readonly bucket: TokenBucket | undefined;
  breaker: CircuitBreakerPolicy | undefined;
}

export interface PolicyOptions {
  readonly now: () => number;
  readonly random: () => number;
  readonly defaultTimeoutMs: number;
}

/** The per-tool policies, composed by the executor as retry → rate limit → breaker → timeout → tool. */
export function createPolicies(contract: ToolContract, options: PolicyOptions): ToolPolicies {
  const timeoutMs = contract.timeoutMs ?? options.defaultTimeoutMs;
  return {
    timeoutMs,
    timeout: timeout(timeoutMs, TimeoutStrategy.Aggressive),
    retry: contract.retry === undefined || contract.retry.attempts <= 0 ? undefined : createRetry(contract.retry, options.random),
    bucket: contract.rate === undefined ? undefined : new TokenBucket(contract.rate.count, contract.rate.perMs, options.now),
    breaker: contract.breaker === undefined ? undefined : createBreaker(contract.breaker, options.now, undefined),
  };
}

function createRetry(clause: NonNullable<ToolContract["retry"]>, random: () => number): RetryPolicy {
  return retry(
    handleWhenResult((r) => isFailure(r) && r.retryable),
    { maxAttempts: clause.attempts, backoff: new DelegateBackoff((ctx) => backoffDelay(clause, ctx.attempt, random)) },
  );
}

/**
 * Delay before retry number `retry` (1-based): the declared delay (fixed) or the declared
 * delay doubled per retry (exponential, capped at MAX_BACKOFF_MS), then "equal jitter":
 * uniform in [d/2, d), so retries from many sessions spread out yet never come sooner than half the declared delay.
 */
export function backoffDelay(clause: NonNullable<ToolContract["retry"]>, retry: number, random: () => number): number {
  const base = clause.backoff === "fixed" ? clause.delayMs : Math.min(MAX_BACKOFF_MS, clause.delayMs * 2 ** Math.max(0, retry - 1));
  return base / 2 + (base / 2) * random();
}

export function createBreaker(clause: NonNullable<ToolContract["breaker"]>, now: () => number, initialState: unknown): CircuitBreakerPolicy {
  return circuitBreaker(handleWhenResult((r) => isFailure(r) && r.counts), {
    halfOpenAfter: clause.cooldownMs,
    breaker: new WindowBreaker(clause.failures, clause.windowMs, now),
    ...(initialState === undefined ? {} : { initialState }),
  });
}

function isFailure(result: unknown): result is Extract<AttemptResult, { ok: false }> {
  return typeof result === "object" && result !== null && (result as AttemptResult).ok === false;
}

export function breakerState(state: CircuitState): BreakerState {
  switch (state) {
    case CircuitState.Open:
      return "open";
    case CircuitState.HalfOpen:
      return "half-open";
    case CircuitState.Isolated:
      return "isolated";
    default:
      return "closed";
  }
}

/**
 * Checks a persisted `toJSON()` before handing it to cockatiel, which trusts it. Accepts
 * closed and open circuits (a half-open one is saved as open); rejects isolation, which only
 * a live handle can end.
 */
export function isSavedBreaker(saved: unknown): boolean {
  if (typeof saved !== "object" || saved === null) return false;
  const { ownState, breakerState } = saved as { ownState?: unknown; breakerState?: unknown };
  if (!Array.isArray(breakerState) || !breakerState.every((t) => typeof t === "number" && Number.isFinite(t))) return false;
  if (typeof ownState !== "object" || ownState === null) return false;
  const own = ownState as { value?: unknown; openedAt?: unknown; attemptNo?: unknown };
  if (own.value === CircuitState.Closed) return true;
  return own.value === CircuitState.Open && Number.isFinite(own.openedAt) && Number.isInteger(own.attemptNo) && (own.attemptNo as number) >= 1;
}
