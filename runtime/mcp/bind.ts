/**
 * `bindMcpTools`: connects to the configured MCP servers, checks each bound agent tool's
 * contract against its MCP tool's schemas, and returns implementations for `createRuntime`.
 */
import { z } from "zod";
import type { AgentModule } from "../contract.ts";
import type { ToolCallContext, ToolImplementation } from "../execution/types.ts";
import { outputOf, type McpCallResult } from "./call-result.ts";
import { createMcpConnection, type McpConnection, type McpToolInfo } from "./connection.ts";
import { compareSchemas, type JsonSchema } from "./schema-compat.ts";
import { McpContractError, type McpBindOptions, type McpBinding, type McpTools, type McpToolsConfig } from "./types.ts";

/** `_meta` key carrying a side-effecting call's idempotency key to the server. */
export const IDEMPOTENCY_META_KEY = "agentc/idempotencyKey";

/** setTimeout's ceiling: the execution layer owns the deadline (through the signal), not the SDK. */
const NO_SDK_TIMEOUT_MS = 2 ** 31 - 1;

type BindableModule = Pick<AgentModule, "metadata" | "schemas">;

/**
 * Connects to every server a binding uses, lists its tools and checks each binding: the MCP
 * tool exists, every field it requires is declared by the agent tool with a compatible type,
 * every declared field exists on the server (unless it takes additional fields), and, when the
 * server declares an output schema, that it gives every field the agent's output requires.
 * Throws `McpContractError` listing every problem (connections closed), or
 * `McpConnectionError` when a server cannot be started or reached.
 */
export async function bindMcpTools(module: BindableModule, config: McpToolsConfig, options: McpBindOptions = {}): Promise<McpTools> {
  const unknown = configProblems(module, config);
  if (unknown.length > 0) throw new McpContractError(unknown);

  const connectOptions = { connectTimeoutMs: options.connectTimeoutMs ?? 30_000, clientName: options.clientName ?? "agentc" };
  const used = [...new Set(Object.values(config.bindings).map((b) => b.server))];
  const connections = new Map<string, McpConnection>(used.map((name) => [name, createMcpConnection(name, config.servers[name]!, connectOptions)]));
  const closeAll = async () => void (await Promise.all([...connections.values()].map((c) => c.close())));

  const started = await Promise.allSettled([...connections.values()].map((c) => c.ready()));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed !== undefined) {
    await closeAll();
    throw failed.reason;
  }
  const listed = new Map([...connections.keys()].map((name, i) => [name, (started[i] as PromiseFulfilledResult<{ tools: ReadonlyMap<string, McpToolInfo> }>).value.tools]));

  const problems = Object.entries(config.bindings).flatMap(([agentTool, binding]) => bindingProblems(module, agentTool, binding, listed.get(binding.server)!));
  if (problems.length > 0) {
    await closeAll();
    throw new McpContractError(problems);
  }

  const tools: Record<string, ToolImplementation> = {};
  for (const [agentTool, binding] of Object.entries(config.bindings)) tools[agentTool] = mcpToolImplementation(module, agentTool, binding, connections.get(binding.server)!);
  return { tools, close: closeAll };
}

/** Bindings naming a tool the agent does not declare or a server the config does not have. */
function configProblems(module: BindableModule, config: McpToolsConfig): string[] {
  const problems: string[] = [];
  for (const [agentTool, binding] of Object.entries(config.bindings)) {
    if (module.metadata.tools[agentTool] === undefined) problems.push(`binding "${agentTool}": ${module.metadata.name} declares no tool ${agentTool} (it has: ${Object.keys(module.metadata.tools).join(", ") || "none"})`);
    if (config.servers[binding.server] === undefined) problems.push(`binding "${agentTool}": no server "${binding.server}" is configured (servers: ${Object.keys(config.servers).join(", ") || "none"})`);
  }
  return problems;
}

/** One line per binding that does not fit: `tool add ↔ everything/get-sum: input field "a" is …; …`. */
function bindingProblems(module: BindableModule, agentTool: string, binding: McpBinding, serverTools: ReadonlyMap<string, McpToolInfo>): string[] {
  const label = `tool ${agentTool} ↔ ${binding.server}/${binding.tool}`;
  const mcpTool = serverTools.get(binding.tool);
  if (mcpTool === undefined) return [`${label}: the server has no tool "${binding.tool}" (it has: ${[...serverTools.keys()].join(", ") || "none"})`];
  const schemas = module.schemas.tools[agentTool];
  const found = [
    ...compareSchemas("input", jsonSchemaOf(schemas?.input), mcpTool.inputSchema),
    ...(mcpTool.outputSchema !== undefined ? compareSchemas("output", jsonSchemaOf(schemas?.output), mcpTool.outputSchema) : []),
  ];
  return found.length > 0 ? [`${label}: ${found.join("; ")}`] : [];
}

/** The agent's zod schema as JSON Schema, as the values it parses (`io: "input"`); unknown → accepts anything. */
function jsonSchemaOf(schema: unknown): JsonSchema {
  try {
    return z.toJSONSchema(schema as z.ZodType, { io: "input", unrepresentable: "any" });
  } catch {
    return {};
  }
}

function mcpToolImplementation(module: BindableModule, agentTool: string, binding: McpBinding, connection: McpConnection): ToolImplementation {
  const label = `${binding.server}/${binding.tool}`;
  const errorNames = module.metadata.tools[agentTool]!.errors.map((e) => e.name);
  let checkedGeneration = 1;
  return async (input: unknown, ctx: ToolCallContext) => {
    const live = await connection.ready();
    if (live.generation !== checkedGeneration) {
      // A restarted server may be a new version: check the contract again before calling it.
      const problems = bindingProblems(module, agentTool, binding, live.tools);
      if (problems.length > 0) throw new McpContractError(problems);
      checkedGeneration = live.generation;
    }
    const params = {
      name: binding.tool,
      arguments: input as Record<string, unknown>,
      ...(ctx.idempotencyKey !== undefined ? { _meta: { [IDEMPOTENCY_META_KEY]: ctx.idempotencyKey } } : {}),
    };
    let result: McpCallResult;
    try {
      result = (await live.client.callTool(params, undefined, { signal: ctx.signal, timeout: NO_SDK_TIMEOUT_MS })) as McpCallResult;
    } catch (thrown) {
      if (ctx.signal.aborted) throw thrown;
      throw connection.describeFailure(thrown, binding.tool, live.generation);
    }
    return outputOf(result, errorNames, label);
  };
}
