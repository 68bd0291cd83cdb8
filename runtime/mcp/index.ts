/** MCP tools: agent tools bound to tools of MCP servers (stdio or streamable HTTP), contracts checked at start-up. */
export { bindMcpTools, IDEMPOTENCY_META_KEY } from "./bind.ts";
export { declaredErrorIn, outputOf, type McpCallResult } from "./call-result.ts";
export { parseMcpToolsConfig, McpConfigError } from "./config.ts";
export { compareSchemas } from "./schema-compat.ts";
export {
  McpConnectionError,
  McpContractError,
  type McpBinding,
  type McpBindOptions,
  type McpHttpServer,
  type McpServerConfig,
  type McpStdioServer,
  type McpTools,
  type McpToolsConfig,
} from "./types.ts";
