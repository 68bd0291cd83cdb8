/** One cockatiel circuit breaker per provider, shared by every session of an intelligence layer. */
import { circuitBreaker, CircuitState, ConsecutiveBreaker, handleWhenResult, type CircuitBreakerPolicy } from "cockatiel";

export interface ProviderBreakerSettings {
  /** Consecutive counted failures (5xx, 429, network, cut stream, timeout) that open it. Default 5. */
  readonly failures?: number;
  /** How long it stays open before one request probes. Default 30 s. */
  readonly cooldownMs?: number;
}

export type ProviderBreakerState = "closed" | "open" | "half-open" | "isolated";

export const DEFAULT_PROVIDER_BREAKER = { failures: 5, cooldownMs: 30_000 } as const;

export interface ProviderBreakers {
  /** The provider's breaker, created on first use. */
  get(provider: string): CircuitBreakerPolicy;
  states(): Record<string, ProviderBreakerState>;
}

export function createProviderBreakers(settings: ProviderBreakerSettings | undefined, onChange: (provider: string, state: ProviderBreakerState) => void): ProviderBreakers {
  const failures = Math.max(1, Math.floor(settings?.failures ?? DEFAULT_PROVIDER_BREAKER.failures));
  const cooldownMs = Math.max(0, settings?.cooldownMs ?? DEFAULT_PROVIDER_BREAKER.cooldownMs);
  const breakers = new Map<string, CircuitBreakerPolicy>();
  return {
    get(provider) {
      let breaker = breakers.get(provider);
      if (breaker === undefined) {
        breaker = circuitBreaker(
          handleWhenResult((r) => isCounted(r)),
          { halfOpenAfter: cooldownMs, breaker: new ConsecutiveBreaker(failures) },
        );
        breaker.onStateChange((state) => onChange(provider, stateName(state)));
        breakers.set(provider, breaker);
      }
      return breaker;
    },
    states() {
      return Object.fromEntries([...breakers].map(([provider, breaker]) => [provider, stateName(breaker.state)]));
    },
  };
}

/** Results the breaker counts: `{ ok: false, counts: true }`. */
function isCounted(result: unknown): boolean {
  return typeof result === "object" && result !== null && (result as { ok?: unknown }).ok === false && (result as { counts?: unknown }).counts === true;
}

function stateName(state: CircuitState): ProviderBreakerState {
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
