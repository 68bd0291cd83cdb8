/** Telemetry: spans, metrics and redaction, through `@opentelemetry/api` only. */
export { AGENTC, GENAI, INSTRUMENTATION_SCOPE } from "./attributes.ts";
export { createRuntimeMetrics, type RuntimeMetrics } from "./metrics.ts";
export { MIN_SUBSTRING_LENGTH, piiPlaceholder, Redactor } from "./redact.ts";
export { SessionTrace, type SessionTraceInit, type ToolSpan } from "./session-trace.ts";
