/**
 * `agentc run --mcp <config.json>`: binds the agent tools named in a JSON file to tools of MCP
 * servers (see docs/runtime.md, "MCP tools"). Every failure — unreadable file, bad JSON or
 * config, a contract mismatch, a server that cannot start — is one `UsageError`.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { AnyStateMachine } from "xstate";
import type { AgentModule } from "../../runtime/contract.ts";
import { bindMcpTools, McpConfigError, McpConnectionError, McpContractError, parseMcpToolsConfig, type McpTools, type McpToolsConfig } from "../../runtime/mcp/index.ts";
import { describeFsError, UsageError } from "./errors.ts";

/** Reads `configPath` (stdio servers without a `cwd` run in the file's folder) and binds its tools. */
export async function loadMcpTools(configPath: string, module: AgentModule<AnyStateMachine>): Promise<McpTools> {
  const path = resolve(configPath);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read --mcp ${configPath}: ${describeFsError(error)}`);
  }
  let config: McpToolsConfig;
  try {
    config = inFolder(parseMcpToolsConfig(JSON.parse(text) as unknown), dirname(path));
  } catch (error) {
    if (error instanceof SyntaxError) throw new UsageError(`--mcp ${configPath} is not valid JSON: ${error.message}`);
    if (error instanceof McpConfigError) throw new UsageError(`--mcp ${configPath}: ${error.message}`);
    throw error;
  }
  try {
    return await bindMcpTools(module, config);
  } catch (error) {
    if (error instanceof McpContractError || error instanceof McpConnectionError) throw new UsageError(error.message);
    throw error;
  }
}

/** The config with every stdio server's `cwd` defaulting to (and resolved against) `folder`. */
function inFolder(config: McpToolsConfig, folder: string): McpToolsConfig {
  const servers = Object.fromEntries(Object.entries(config.servers).map(([name, server]) => [name, "command" in server ? { ...server, cwd: resolve(folder, server.cwd ?? ".") } : server]));
  return { ...config, servers };
}
