/** Agent tools bound to the real `@modelcontextprotocol/server-everything` over stdio, run through `createRuntime`. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { afterAll, describe, expect, it } from "vitest";
import { createRuntime, type ToolImplementation } from "../../../runtime/index.ts";
import { bindMcpTools, McpConnectionError, McpContractError, type McpTools } from "../../../runtime/mcp/index.ts";
import { answer, scriptedIntelligence } from "../support/agents.ts";
import { everything, everythingWithPidFile, fixtureAgent } from "./support.ts";

const calculatorBindings = { add: { server: "everything", tool: "get-sum" }, weather: { server: "everything", tool: "get-structured-content" } };
const opened: McpTools[] = [];
const temp = mkdtempSync(join(tmpdir(), "agentc-mcp-"));

afterAll(async () => {
  await Promise.all(opened.map((m) => m.close()));
  rmSync(temp, { recursive: true, force: true });
});

async function bind(...args: Parameters<typeof bindMcpTools>): Promise<McpTools> {
  const bound = await bindMcpTools(...args);
  opened.push(bound);
  return bound;
}

describe("MCP tools over stdio (server-everything)", () => {
  it("runs a session whose tools are MCP tools: text and structured outputs, execute_tool spans", async () => {
    const calculator = await fixtureAgent("calculator");
    const mcp = await bind(calculator, { servers: { everything }, bindings: calculatorBindings });
    expect(Object.keys(mcp.tools).sort()).toEqual(["add", "weather"]);

    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    const intelligence = scriptedIntelligence({
      phrase: (step) => {
        const { sum, w } = step.scope.results as { sum: { text: string }; w: { conditions: string } };
        return answer({ text: `${sum.text} / ${w.conditions}` });
      },
    });
    const runtime = createRuntime({ tools: mcp.tools, intelligence, telemetry: { tracer: provider.getTracer("test") } });
    const outcome = await runtime.run(calculator, { a: 2, b: 40, city: "Chicago" });

    expect(outcome).toEqual({ kind: "reply", output: { reply: "The sum of 2 and 40 is 42. / Light rain / drizzle", temperature: 36 } });
    const toolSpans = exporter.getFinishedSpans().filter((s) => s.name.startsWith("execute_tool"));
    expect(toolSpans.map((s) => s.name).sort()).toEqual(["execute_tool add", "execute_tool weather"]);
  });

  it("refuses bindings whose contracts do not match, listing every problem", async () => {
    const mismatch = await fixtureAgent("mismatch");
    const error = await bindMcpTools(mismatch, { servers: { everything }, bindings: calculatorBindings }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpContractError);
    expect((error as McpContractError).problems).toEqual([
      'tool add ↔ everything/get-sum: input field "b" is required on the server but not declared in the agent; input field "a" is string in the agent but number on the server; input field "c" is declared in the agent but not on the server, which accepts no other fields',
      'tool weather ↔ everything/get-structured-content: input field "location" is string in the agent but "New York" | "Chicago" | "Los Angeles" on the server; output field "wind" is required in the agent but not declared on the server; output field "temperature" is number on the server but string in the agent',
    ]);
    expect((error as Error).stack).toBe(`McpContractError: ${(error as Error).message}`);
  });

  it("names a bound tool the server lacks, a tool the agent lacks and an unknown server", async () => {
    const calculator = await fixtureAgent("calculator");
    const missingTool = await bindMcpTools(calculator, { servers: { everything }, bindings: { add: { server: "everything", tool: "add" } } }).catch((e: unknown) => e);
    expect((missingTool as McpContractError).problems).toEqual([expect.stringMatching(/^tool add ↔ everything\/add: the server has no tool "add" \(it has: echo, .*get-sum/)]);
    const unknown = await bindMcpTools(calculator, { servers: { everything }, bindings: { subtract: { server: "everything", tool: "get-sum" }, add: { server: "elsewhere", tool: "get-sum" } } }).catch((e: unknown) => e);
    expect((unknown as McpContractError).problems).toEqual([
      'binding "subtract": Calculator declares no tool subtract (it has: add, weather)',
      'binding "add": no server "elsewhere" is configured (servers: everything)',
    ]);
  });

  it("a server that cannot start is a connection error naming it", async () => {
    const calculator = await fixtureAgent("calculator");
    const error = await bindMcpTools(calculator, { servers: { everything: { command: join(temp, "no-such-server") } }, bindings: calculatorBindings }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpConnectionError);
    expect((error as Error).message).toMatch(/^MCP server "everything": cannot connect \(.*no-such-server\): .*ENOENT/);
  });

  it("a server killed mid-call: the session takes its failure path, and the next call starts the server again", async () => {
    const slow = await fixtureAgent("slow");
    const pidFile = join(temp, "server.pid");
    const mcp = await bind(slow, { servers: { everything: everythingWithPidFile(pidFile) }, bindings: { longOperation: { server: "everything", tool: "trigger-long-running-operation" } } });
    const firstPid = Number(readFileSync(pidFile, "utf8"));
    const failures: string[] = [];
    const killing: ToolImplementation = async (input, ctx) => {
      const call = Promise.resolve(mcp.tools.longOperation!(input, ctx));
      await new Promise((resolve) => setImmediate(resolve));
      process.kill(firstPid, "SIGKILL");
      return call;
    };
    const runtime = createRuntime({ tools: { longOperation: killing }, intelligence: scriptedIntelligence({}), onExecutionEvent: (e) => void (e.type === "attempt" && e.failure && failures.push(e.failure.message)) });
    const outcome = await runtime.run(slow, { seconds: 30 });
    expect(outcome).toEqual({ kind: "escalation", target: "ops", reason: "the long operation failed" });
    expect(failures).toEqual([expect.stringMatching(/^longOperation failed: MCP server "everything": lost during the call to trigger-long-running-operation: the server process exited.*; the next call reconnects$/)]);

    const again = await createRuntime({ tools: mcp.tools, intelligence: scriptedIntelligence({}) }).run(slow, { seconds: 0 });
    expect(again).toEqual({ kind: "reply", output: { reply: "Long running operation completed. Duration: 0 seconds, Steps: 1." } });
    expect(Number(readFileSync(pidFile, "utf8"))).not.toBe(firstPid);
  });

  it("an aborted call (the tool's deadline) cancels the MCP request and keeps the connection", async () => {
    const slow = await fixtureAgent("slow");
    const pidFile = join(temp, "abort.pid");
    const mcp = await bind(slow, { servers: { everything: everythingWithPidFile(pidFile) }, bindings: { longOperation: { server: "everything", tool: "trigger-long-running-operation" } } });
    const pid = readFileSync(pidFile, "utf8");
    const deadline = new AbortController();
    const ctx = { signal: deadline.signal, idempotencyKey: undefined, attempt: 1, traceContext: undefined };
    const call = Promise.resolve(mcp.tools.longOperation!({ duration: 30, steps: 1 }, ctx));
    deadline.abort(new Error("deadline"));
    await expect(call).rejects.toThrow("deadline");
    const next = { ...ctx, signal: new AbortController().signal };
    expect(await mcp.tools.longOperation!({ duration: 0, steps: 1 }, next)).toEqual({ text: "Long running operation completed. Duration: 0 seconds, Steps: 1." });
    expect(readFileSync(pidFile, "utf8")).toBe(pid);
  });

  it("after close, a call fails clearly", async () => {
    const calculator = await fixtureAgent("calculator");
    const mcp = await bindMcpTools(calculator, { servers: { everything }, bindings: calculatorBindings });
    await mcp.close();
    const ctx = { signal: new AbortController().signal, idempotencyKey: undefined, attempt: 1, traceContext: undefined };
    await expect(Promise.resolve(mcp.tools.add!({ a: 1, b: 2 }, ctx))).rejects.toThrow('MCP server "everything": the MCP tools were closed');
  });
});
