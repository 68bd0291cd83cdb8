/**
 * `agentc/runtime`: executes compiled agent machines. Today it exports the machine–runtime
 * contract (the types and helpers generated machines import), the default price table, the
 * execution layer and the mock layer (local runs); the runtime issue adds orchestration,
 * intelligence, stores and telemetry.
 * The runtime never imports the compiler.
 */
export * from "./contract.ts";
export * from "./prices.ts";
export * from "./execution/index.ts";
export * from "./mock/index.ts";

export const RUNTIME_VERSION = "0.1.0";
