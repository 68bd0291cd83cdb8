/**
 * The refund example agent's tools served by an MCP server over streamable HTTP on 127.0.0.1
 * (the SDK's own server, stateless): structured output, a declared error named in an error
 * result, the idempotency key forwarded in `_meta`, and a server that went away.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createRuntime } from "../../../runtime/index.ts";
import { bindMcpTools, IDEMPOTENCY_META_KEY, McpConnectionError, type McpTools } from "../../../runtime/mcp/index.ts";
import { answer, exampleAgent, scriptedIntelligence } from "../support/agents.ts";

const refundInput = { customerId: "c-1", orderId: "o12345", message: "arrived broken" };
const order = { orderId: "o12345", total: 80, currency: "USD", status: "delivered", items: [{ sku: "A-1", quantity: 1, price: 80 }] };
const refundAttempts: { orderId: string; idempotencyKey: unknown }[] = [];

/** A fresh MCP server per request (stateless streamable HTTP), with the two order tools. */
function ordersServer(): McpServer {
  const server = new McpServer({ name: "orders", version: "1.0.0" });
  server.registerTool(
    "get-order",
    {
      inputSchema: { orderId: z.string() },
      outputSchema: {
        orderId: z.string(),
        total: z.number(),
        currency: z.enum(["USD", "EUR"]),
        status: z.enum(["placed", "shipped", "delivered", "cancelled"]),
        items: z.array(z.object({ sku: z.string(), quantity: z.number().int(), price: z.number() })),
      },
    },
    async () => ({ content: [{ type: "text", text: JSON.stringify(order) }], structuredContent: order }),
  );
  server.registerTool("refund", { inputSchema: { orderId: z.string(), amount: z.number(), reason: z.string() } }, async (args, extra) => {
    refundAttempts.push({ orderId: args.orderId, idempotencyKey: extra._meta?.[IDEMPOTENCY_META_KEY] });
    return { isError: true, content: [{ type: "text", text: "Declined: the card has expired" }] };
  });
  return server;
}

async function mcpHandler(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on("close", () => void transport.close());
  await ordersServer().connect(transport);
  await transport.handleRequest(req, res);
}

/** An HTTP server on 127.0.0.1 (a free port) and how to stop it, connections included. */
async function listen(handler: (req: IncomingMessage, res: ServerResponse) => unknown): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

let url: string;
let stop: () => Promise<void>;
const opened: McpTools[] = [];

beforeAll(async () => {
  ({ url, close: stop } = await listen(mcpHandler));
});

afterAll(async () => {
  await Promise.all(opened.map((m) => m.close()));
  await stop();
});

describe("MCP tools over streamable HTTP", () => {
  it("runs the refund agent on MCP tools: a declared error in an error result takes its `on Declined` edge", async () => {
    const refund = await exampleAgent("refund");
    const mcp = await bindMcpTools(refund, { servers: { orders: { url } }, bindings: { getOrder: { server: "orders", tool: "get-order" }, issueRefund: { server: "orders", tool: "refund" } } });
    opened.push(mcp);
    const intelligence = scriptedIntelligence({ judge: () => answer({ eligible: true, amount: 50, reason: "broken" }) });
    const session = await createRuntime({ tools: mcp.tools, intelligence }).start(refund, refundInput);

    expect(await session.result).toEqual({ kind: "escalation", target: "finance", reason: "payment declined for order o12345" });
    expect(session.events).toContainEqual(expect.objectContaining({ type: "tool.call", tool: "getOrder", ok: true }));
    expect(refundAttempts).toEqual([{ orderId: "o12345", idempotencyKey: expect.stringMatching(/.+/) }]);
  });

  it("a server that went away after start-up: the call fails and the state's error path runs", async () => {
    const refund = await exampleAgent("refund");
    const own = await listen(mcpHandler);
    const mcp = await bindMcpTools(refund, { servers: { orders: { url: own.url } }, bindings: { getOrder: { server: "orders", tool: "get-order" }, issueRefund: { server: "orders", tool: "refund" } } });
    opened.push(mcp);
    await own.close();
    const failures: string[] = [];
    const runtime = createRuntime({ tools: mcp.tools, intelligence: scriptedIntelligence({}), onExecutionEvent: (e) => void (e.type === "attempt" && e.failure && failures.push(e.failure.message)) });
    expect(await runtime.run(refund, refundInput)).toEqual({ kind: "escalation", target: "support", reason: "orders service unavailable" });
    expect(failures).toEqual([expect.stringMatching(/^getOrder failed: MCP server "orders": call to get-order failed: /)]);
  });

  it("a server that hangs up at start-up is a connection error naming its URL", async () => {
    const refund = await exampleAgent("refund");
    const gone = await listen((_req, res) => void res.destroy());
    const error = await bindMcpTools(refund, { servers: { orders: { url: gone.url } }, bindings: { getOrder: { server: "orders", tool: "get-order" } } }).catch((e: unknown) => e);
    await gone.close();
    expect(error).toBeInstanceOf(McpConnectionError);
    expect((error as Error).message).toMatch(/^MCP server "orders": cannot connect \(http:\/\/127\.0\.0\.1:\d+\/mcp\): /);
  });
});
