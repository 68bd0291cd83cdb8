/**
 * `rate N per D`: a token bucket holding at most N tokens, refilled continuously at N per D
 * ms, so a burst of N is allowed and the long-run rate is N per D. `tryTake` never waits:
 * the executor fails a call over the rate at once (a typed "rate limited" failure) rather
 * than queueing it, so a session never sits on a hidden queue past its own deadlines.
 */
export class TokenBucket {
  readonly #capacity: number;
  readonly #perMs: number;
  readonly #now: () => number;
  #tokens: number;
  #updatedAt: number;

  constructor(count: number, perMs: number, now: () => number) {
    this.#capacity = Math.max(1, count);
    this.#perMs = Math.max(1, perMs);
    this.#now = now;
    this.#tokens = this.#capacity;
    this.#updatedAt = now();
  }

  tryTake(): boolean {
    const now = this.#now();
    const elapsed = Math.max(0, now - this.#updatedAt);
    this.#tokens = Math.min(this.#capacity, this.#tokens + (elapsed * this.#capacity) / this.#perMs);
    this.#updatedAt = now;
    if (this.#tokens < 1 - 1e-9) return false; // tolerate float drift in the refill
    this.#tokens = Math.max(0, this.#tokens - 1);
    return true;
  }
}
