/** Fixture agents for the MCP tests and the stdio config of the real `@modelcontextprotocol/server-everything`. */
import { join } from "node:path";
import type { AnyStateMachine } from "xstate";
import { loadAgents } from "../../../compiler/load-agent.ts";
import type { AgentModule } from "../../../runtime/contract.ts";
import type { McpStdioServer } from "../../../runtime/mcp/index.ts";
import { repoRoot } from "../support/agents.ts";

export const everythingScript = join(repoRoot, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");

/** server-everything over stdio, run by the Node that runs the tests. */
export const everything: McpStdioServer = { command: process.execPath, args: [everythingScript, "stdio"] };

/**
 * server-everything started through `sh`, which writes its pid to `pidFile` first (then execs
 * node, keeping the pid), so a test can kill the very process the client talks to.
 */
export function everythingWithPidFile(pidFile: string): McpStdioServer {
  return { command: "/bin/sh", args: ["-c", 'echo $$ > "$PID_FILE" && exec "$NODE_BIN" "$SERVER_JS" stdio'], env: { PID_FILE: pidFile, NODE_BIN: process.execPath, SERVER_JS: everythingScript } };
}

/** `test/runtime/mcp/fixtures/<name>.agent` compiled in memory. */
export async function fixtureAgent(name: string): Promise<AgentModule<AnyStateMachine>> {
  const result = await loadAgents([join(import.meta.dirname, "fixtures", `${name}.agent`)], { root: repoRoot });
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 || result.agents.length !== 1) throw new Error(`cannot load ${name}: ${errors.map((d) => d.message).join("; ")}`);
  return result.agents[0]!.module;
}
