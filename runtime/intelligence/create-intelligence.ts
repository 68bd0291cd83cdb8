/** `createIntelligence`: the intelligence layer over AI SDK providers (see README.md). */
import { timeout, TimeoutStrategy } from "cockatiel";
import { createProviderRegistry, type LanguageModel, type ProviderRegistryProvider } from "ai";
import { DEFAULT_PRICES, type PriceTable } from "../prices.ts";
import { runAsk } from "./ask.ts";
import { runLoop } from "./loop.ts";
import { createProviderBreakers, type ProviderBreakerSettings, type ProviderBreakerState } from "./provider-breakers.ts";
import { safeMessage } from "./provider-error.ts";
import type { ChainContext } from "./request-chain.ts";
import type { Intelligence, IntelligenceEvent, ModelStepResult } from "./types.ts";

/**
 * Anything with `languageModel(id)`: `openai`, `createAnthropic(…)`, `createOpenAICompatible(…)`,
 * `customProvider(…)`. Typed structurally so `agentc/runtime`'s declarations do not pull in the
 * AI SDK's (which need @types/node); a provider returning something else fails its requests.
 */
export interface ModelProvider {
  languageModel(modelId: string): object;
}

export interface IntelligenceOptions {
  /** Provider name (the part before `:` in `openai:gpt-4.1-mini`) → AI SDK provider. */
  readonly providers: Readonly<Record<string, ModelProvider>>;
  /** Prices for cost accounting and the guard's estimate. Default `DEFAULT_PRICES`; merge yours with `mergePriceTables`. */
  readonly prices?: PriceTable;
  /** Per request, first byte to last. Default 60 s. */
  readonly requestTimeoutMs?: number;
  /** Per-provider circuit breaker. Default: opens after 5 consecutive provider failures, probes after 30 s. */
  readonly breaker?: ProviderBreakerSettings;
  /** Stream responses (`streamText`) instead of one JSON response (`generateText`). Default false. */
  readonly stream?: boolean;
  /** Milliseconds, for request durations. Default `Date.now`. */
  readonly clock?: () => number;
  /** Fallbacks, breaker changes, repairs. Must not throw (ignored if it does). */
  readonly onEvent?: (event: IntelligenceEvent) => void;
}

export interface IntelligenceLayer extends Intelligence {
  /** Each provider's breaker state (providers not used yet are absent). */
  breakerStates(): Record<string, ProviderBreakerState>;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

export function createIntelligence(options: IntelligenceOptions): IntelligenceLayer {
  const emit = (event: IntelligenceEvent): void => {
    try {
      options.onEvent?.(event);
    } catch {
      // An observer's bug must not change a step's outcome.
    }
  };
  // The registry only calls `languageModel`; the cast spares users the other model kinds.
  const registry: ProviderRegistryProvider = createProviderRegistry({ ...options.providers } as unknown as Parameters<typeof createProviderRegistry>[0]);
  const breakers = createProviderBreakers(options.breaker, (provider, state) => emit({ type: "breaker", provider, state }));
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const ctx: ChainContext = {
    resolve: (id): LanguageModel => registry.languageModel(id as `${string}:${string}`),
    prices: options.prices ?? DEFAULT_PRICES,
    timeout: timeout(timeoutMs, TimeoutStrategy.Aggressive),
    timeoutMs,
    breakers,
    stream: options.stream ?? false,
    now: options.clock ?? (() => Date.now()),
    emit,
  };
  return {
    ask: (step) => neverRejects(() => runAsk(ctx, step)),
    loop: (step) => neverRejects(() => runLoop(ctx, step)),
    breakerStates: () => breakers.states(),
  };
}

/** A defect inside the layer still resolves, as a typed failure the machine can route. */
async function neverRejects(run: () => Promise<ModelStepResult>): Promise<ModelStepResult> {
  try {
    return await run();
  } catch (thrown) {
    return { kind: "outcome", outcome: { ok: false, failure: { kind: "failure", message: `internal error in the intelligence layer: ${safeMessage(thrown instanceof Error ? thrown.message : typeof thrown)}` } } };
  }
}
