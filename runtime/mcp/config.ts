/** Reads an MCP tools configuration (`{ servers, bindings }`, e.g. from a JSON file) with typed, field-naming errors. */
import { z } from "zod";
import type { McpToolsConfig } from "./types.ts";

const stringRecord = z.record(z.string(), z.string());
const server = z.union([
  z.strictObject({ command: z.string().min(1), args: z.array(z.string()).optional(), env: stringRecord.optional(), cwd: z.string().optional() }),
  z.strictObject({ url: z.url(), headers: stringRecord.optional() }),
]);
const config = z.strictObject({
  servers: z.record(z.string(), server),
  bindings: z.record(z.string(), z.strictObject({ server: z.string().min(1), tool: z.string().min(1) })),
});

export class McpConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "McpConfigError";
  }
}

/** `value` as a config, or an `McpConfigError` naming the first offending field. */
export function parseMcpToolsConfig(value: unknown): McpToolsConfig {
  const parsed = config.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map(String).join(".");
  throw new McpConfigError(`invalid MCP tools config${path === "" ? "" : ` at ${path}`}: ${issue.message} (expected { servers: { <name>: { command, args?, env?, cwd? } | { url, headers? } }, bindings: { <tool>: { server, tool } } })`);
}
