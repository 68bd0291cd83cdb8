/**
 * Mock humans: answers to `await human` steps generated from the step's result schema
 * (`schemas.results[request.result]`), or no answer at all at `timeoutRate` so the wait's
 * timeout edge runs. Answer `n` draws from the stream `(seed, "human", n)`.
 */
import type { HumanRequest } from "../contract.ts";
import { MockConfigError, MockValueError } from "./errors.ts";
import { generateValue } from "./generate-value.ts";
import type { MockableModule } from "./mock-tools.ts";
import { rngFor, type Seed } from "./random.ts";
import { untilAborted } from "./waiting.ts";

export interface MockHumansOptions {
  /** Default 0. */
  readonly seed?: Seed;
  /** Probability in [0, 1] that a request is never answered. Default 0. */
  readonly timeoutRate?: number;
}

/**
 * A human's answer to a request; the signal (the request's, as orchestration passes it, or
 * the option's) ends a wait that will never be answered.
 */
export type MockHuman = (request: HumanRequest & { readonly signal?: AbortSignal }, options?: { readonly signal?: AbortSignal }) => Promise<unknown>;

export function mockHumans(module: MockableModule, options: MockHumansOptions = {}): MockHuman {
  const timeoutRate = options.timeoutRate ?? 0;
  if (!(timeoutRate >= 0 && timeoutRate <= 1)) throw new MockConfigError(`timeoutRate ${timeoutRate} is not between 0 and 1`);
  let answers = 0;
  return async (request, wait = {}) => {
    const signal = wait.signal ?? request.signal;
    const rng = rngFor(options.seed ?? 0, "human", answers++);
    const schema = Object.hasOwn(module.schemas.results, request.result) ? module.schemas.results[request.result] : undefined;
    if (schema === undefined) throw new MockValueError(request.result, `the module has no result schema named "${request.result}"`);
    if (timeoutRate > 0 && rng.next() < timeoutRate) return untilAborted(signal);
    return generateValue(schema, { rng, name: request.result, path: request.result });
  };
}
