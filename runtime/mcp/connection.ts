/**
 * One MCP server connection: starts (stdio) or reaches (streamable HTTP) the server, lists its
 * tools, notices when it goes away and connects again on the next use.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { RUNTIME_VERSION } from "../version.ts";
import { McpConnectionError, type McpServerConfig } from "./types.ts";

/** What the contract check needs of a listed MCP tool. */
export interface McpToolInfo {
  readonly name: string;
  readonly inputSchema: unknown;
  readonly outputSchema: unknown;
}

export interface LiveConnection {
  readonly client: Client;
  readonly tools: ReadonlyMap<string, McpToolInfo>;
  /** Counts connects: a new number means a new server process or session (check it again). */
  readonly generation: number;
}

export interface McpConnection {
  readonly server: string;
  /** The live connection, connecting first if there is none (or the last one was lost). */
  ready(): Promise<LiveConnection>;
  /** Turns what a failed call threw into a clear error, naming a lost connection as such. */
  describeFailure(thrown: unknown, tool: string, generation: number): Error;
  close(): Promise<void>;
}

const STDERR_TAIL_CHARS = 2000;
const MAX_LIST_PAGES = 100;

export function createMcpConnection(server: string, config: McpServerConfig, options: { readonly connectTimeoutMs: number; readonly clientName: string }): McpConnection {
  let live: Promise<LiveConnection> | undefined;
  let generation = 0;
  /** Generations whose connection closed, with why. */
  const lost = new Map<number, string>();
  let closed = false;
  let stderrTail = "";
  let current: { transport: Transport; client: Client } | undefined;

  const connect = async (): Promise<LiveConnection> => {
    const mine = ++generation;
    stderrTail = "";
    let client: Client | undefined;
    try {
      // Loaded on first use: the SDK costs ~150 ms to import and most runtimes bind no MCP tool.
      const { Client } = await import("@modelcontextprotocol/sdk/client/index.js");
      const transport = await transportFor(config, (chunk) => (stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_CHARS)));
      client = new Client({ name: options.clientName, version: RUNTIME_VERSION });
      current = { transport, client };
      client.onclose = () => {
        lost.set(mine, exitedBecause());
        if (generation === mine) live = undefined;
      };
      await client.connect(transport, { timeout: options.connectTimeoutMs });
      const tools = await listAllTools(client, options.connectTimeoutMs);
      return { client, tools, generation: mine };
    } catch (error) {
      live = undefined;
      await client?.close().catch(() => undefined);
      throw new McpConnectionError(server, `cannot connect (${describeTarget(config)}): ${messageOf(error)}${stderrNote()}`);
    }
  };

  const exitedBecause = (): string => ("command" in config ? `the server process exited${stderrNote()}` : "the connection was closed");
  const stderrNote = (): string => {
    const last = stderrTail.trim().split("\n").at(-1)?.trim();
    return last ? ` (stderr: ${last.slice(0, 300)})` : "";
  };

  return {
    server,
    ready() {
      if (closed) return Promise.reject(new McpConnectionError(server, "the MCP tools were closed"));
      live ??= connect();
      return live;
    },
    describeFailure(thrown, tool, gen) {
      const why = lost.get(gen);
      if (why !== undefined) return new McpConnectionError(server, `lost during the call to ${tool}: ${why}; the next call reconnects`);
      return new McpConnectionError(server, `call to ${tool} failed: ${messageOf(thrown)}`);
    },
    async close() {
      closed = true;
      live = undefined;
      await current?.client.close().catch(() => undefined);
    },
  };
}

async function transportFor(config: McpServerConfig, onStderr: (chunk: string) => void): Promise<Transport> {
  if ("url" in config) {
    const { StreamableHTTPClientTransport } = await import("@modelcontextprotocol/sdk/client/streamableHttp.js");
    return new StreamableHTTPClientTransport(new URL(config.url), config.headers !== undefined ? { requestInit: { headers: { ...config.headers } } } : undefined);
  }
  const { StdioClientTransport } = await import("@modelcontextprotocol/sdk/client/stdio.js");
  const transport = new StdioClientTransport({
    command: config.command,
    args: [...(config.args ?? [])],
    ...(config.env !== undefined ? { env: { ...config.env } } : {}),
    ...(config.cwd !== undefined ? { cwd: config.cwd } : {}),
    stderr: "pipe",
  });
  // Kept for error messages, and drained so a chatty server never blocks on a full pipe.
  transport.stderr?.on("data", (chunk: Buffer | string) => onStderr(String(chunk)));
  return transport;
}

async function listAllTools(client: Client, timeout: number): Promise<Map<string, McpToolInfo>> {
  const tools = new Map<string, McpToolInfo>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_LIST_PAGES; page++) {
    const listed = await client.listTools(cursor !== undefined ? { cursor } : undefined, { timeout });
    for (const tool of listed.tools) tools.set(tool.name, { name: tool.name, inputSchema: tool.inputSchema, outputSchema: tool.outputSchema });
    cursor = listed.nextCursor;
    if (cursor === undefined) break;
  }
  return tools;
}

function describeTarget(config: McpServerConfig): string {
  return "url" in config ? config.url : [config.command, ...(config.args ?? [])].join(" ");
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
