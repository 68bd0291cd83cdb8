/**
 * `agentc/runtime`: runs compiled agents. `createRuntime` (runtime.ts) wires the three layers:
 * orchestration (sessions, guards, kill switches), intelligence (models) and execution
 * (tools). Generated machine modules import the contract from here; the mock layer (mock/)
 * stands in for tools, models and humans in local runs. The runtime never imports the compiler.
 */
export * from "./contract.ts";
export * from "./prices.ts";
export * from "./execution/index.ts";
export * from "./intelligence/index.ts";
export * from "./orchestration/index.ts";
export * from "./telemetry/index.ts";
export * from "./mock/index.ts";
export * from "./stores/index.ts";
export * from "./escalation/index.ts";
export * from "./mcp/index.ts";
export {
  AgentDisabledError,
  createRuntime,
  InvalidInputError,
  InvalidResponseError,
  moduleHash,
  ResumeError,
  RuntimeConfigurationError,
  type InputOf,
  type OutputOf,
  type Runtime,
  type RuntimeOptions,
  type RuntimeStartOptions,
} from "./runtime.ts";
export { RUNTIME_VERSION } from "./version.ts";
