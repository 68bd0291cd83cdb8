/** The execution layer: tool implementations behind their contracts (see README.md). */
export { createToolExecutor } from "./tool-executor.ts";
export { ToolError } from "./tool-error.ts";
export { createMemoryIdempotencyStore, idempotencyKey, argsHash, type IdempotencyRecord, type IdempotencyStore } from "./idempotency.ts";
export { DEFAULT_TOOL_TIMEOUT_MS, MAX_BACKOFF_MS, backoffDelay } from "./policies.ts";
export type { BreakerSnapshot, BreakerState, ExecuteRequest, ExecutionEvent, ToolCallContext, ToolExecutor, ToolExecutorOptions, ToolImplementation } from "./types.ts";
