/** The intelligence layer: prompts and model calls behind the port orchestration uses (see README.md). */
export { createIntelligence, DEFAULT_REQUEST_TIMEOUT_MS, type IntelligenceLayer, type IntelligenceOptions, type ModelProvider } from "./create-intelligence.ts";
export { inputTokensUpperBound, TOKENS_FOR_DEFINITIONS, TOKENS_PER_MESSAGE, TOKENS_PER_REQUEST } from "./estimate.ts";
export { DEFAULT_PROVIDER_BREAKER, type ProviderBreakerSettings, type ProviderBreakerState } from "./provider-breakers.ts";
export { TRACER_NAME } from "./telemetry.ts";
export type * from "./types.ts";
