/** Configuration and errors of MCP tool bindings: which server runs which agent tool. */
import type { ToolImplementation } from "../execution/types.ts";

/** A server started as a child process, spoken to over stdin/stdout. */
export interface McpStdioServer {
  readonly command: string;
  readonly args?: readonly string[];
  /** Added to a minimal inherited environment (PATH, HOME, …), as the MCP SDK does. */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
}

/** A server reached over streamable HTTP. */
export interface McpHttpServer {
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export type McpServerConfig = McpStdioServer | McpHttpServer;

/** Agent tool → the MCP server (by its name in `servers`) and the tool's name there. */
export interface McpBinding {
  readonly server: string;
  readonly tool: string;
}

export interface McpToolsConfig {
  readonly servers: Readonly<Record<string, McpServerConfig>>;
  readonly bindings: Readonly<Record<string, McpBinding>>;
}

export interface McpBindOptions {
  /** Deadline for starting a server and listing its tools. Default 30 s. */
  readonly connectTimeoutMs?: number;
  /** The client name announced to servers. Default `agentc`. */
  readonly clientName?: string;
}

export interface McpTools {
  /** Implementations for `createRuntime({ tools })`, one per bound agent tool. */
  readonly tools: Record<string, ToolImplementation>;
  /** Closes every connection (stops stdio servers); later calls fail. */
  close(): Promise<void>;
}

/**
 * A bound tool's declared contract does not match its MCP tool (or a binding names an unknown
 * server or tool). Lists every problem, one line per agent tool; the message is the whole report.
 */
export class McpContractError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`MCP tool bindings do not match their servers:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "McpContractError";
    this.problems = problems;
    // A configuration report, not a defect: the stack would only bury it.
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** A server could not be started, reached or listed, or its connection was lost. */
export class McpConnectionError extends Error {
  readonly server: string;
  constructor(server: string, message: string) {
    super(`MCP server "${server}": ${message}`);
    this.name = "McpConnectionError";
    this.server = server;
  }
}
