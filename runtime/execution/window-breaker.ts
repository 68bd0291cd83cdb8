import { CircuitState, type IBreaker } from "cockatiel";

/**
 * `breaker N failures in W`: opens when N counted failures fall within the last W ms.
 * A sliding window of failure times, so successes in between do not reset the count (the
 * clause says "N failures in W", not "N in a row"); closing after a good half-open probe
 * clears it. Its `state` (at most N failure times) is plain JSON, which is what cockatiel's
 * `toJSON()` records for it. cockatiel's own breakers do not fit: ConsecutiveBreaker has no
 * window; SamplingBreaker and CountBreaker open on a failure RATE with a minimum volume.
 */
export class WindowBreaker implements IBreaker {
  state: number[] = [];
  readonly #failures: number;
  readonly #windowMs: number;
  readonly #now: () => number;

  constructor(failures: number, windowMs: number, now: () => number) {
    this.#failures = Math.max(1, failures);
    this.#windowMs = windowMs;
    this.#now = now;
  }

  success(circuit: CircuitState): void {
    if (circuit === CircuitState.HalfOpen) this.state = [];
  }

  failure(circuit: CircuitState): boolean {
    if (circuit === CircuitState.HalfOpen) return true;
    const now = this.#now();
    this.state = [...this.state.filter((t) => now - t < this.#windowMs), now].slice(-this.#failures);
    return this.state.length >= this.#failures;
  }
}
