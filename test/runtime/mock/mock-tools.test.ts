/** Mock tools: outputs valid and repeatable by seed, failure modes (rate, named error, latency, hang) as configured. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createToolExecutor, ToolError } from "../../../runtime/execution/index.ts";
import { generateValue, MockConfigError, mockTools, type ToolFailureMode } from "../../../runtime/mock/index.ts";
import { context, exampleModule, randomModule } from "./support.ts";

const order = { orderId: "o12345" };
const refund = { orderId: "o12345", amount: 20, reason: "late" };

async function outcomes(failures: Record<string, ToolFailureMode>, calls: number, seed = 1) {
  const module = await exampleModule("refund");
  const tools = mockTools(module, { seed, failures });
  const out: (string | unknown)[] = [];
  for (let i = 0; i < calls; i++) {
    try {
      out.push(await tools.issueRefund!(refund, context()));
    } catch (error) {
      out.push(error instanceof ToolError ? `ToolError:${error.errorName}` : `Error:${(error as Error).message}`);
    }
  }
  return out;
}

describe("mockTools", () => {
  it("answers with values valid against the tool's output schema, echoing input fields", async () => {
    const module = await exampleModule("refund");
    const tools = mockTools(module, { seed: 3 });
    expect(Object.keys(tools).sort()).toEqual(["getOrder", "issueRefund"]);
    for (let i = 0; i < 20; i++) {
      const value = (await tools.getOrder!(order, context())) as { orderId: string };
      expect(module.schemas.tools.getOrder!.output.safeParse(value).success).toBe(true);
      expect(value.orderId).toBe("o12345");
    }
  });

  it("answers every tool of a random agent with a valid output, whatever the input", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 0x7fffffff }), fc.integer({ min: 1, max: 8 }), fc.nat(), async (agentSeed, states, seed) => {
        const module = await randomModule(agentSeed, states);
        const tools = mockTools(module, { seed });
        for (const [name, schemas] of Object.entries(module.schemas.tools)) {
          const input = generateValue(schemas.input, { seed, name });
          const output = await tools[name]!(input, context());
          expect(schemas.output.safeParse(output).success, `${name}: ${JSON.stringify(output)}`).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it("repeats answers and failures for the same seed, differs for another", async () => {
    const failures = { issueRefund: { errorRate: 0.5 } };
    expect(await outcomes(failures, 30, 7)).toEqual(await outcomes(failures, 30, 7));
    expect(await outcomes(failures, 30, 7)).not.toEqual(await outcomes(failures, 30, 8));
  });

  it("fails at about the error rate, with the tool's declared errors", async () => {
    const results = await outcomes({ issueRefund: { errorRate: 0.3 } }, 400);
    const failed = results.filter((r) => typeof r === "string");
    expect(failed.length).toBeGreaterThan(80);
    expect(failed.length).toBeLessThan(160);
    expect(new Set(failed)).toEqual(new Set(["ToolError:Declined", "ToolError:AlreadyRefunded", "ToolError:ProcessorDown"]));
  });

  it("throws the named error on every call when only the error is given, and a generic failure for `failure`", async () => {
    expect(new Set(await outcomes({ issueRefund: { error: "Declined" } }, 10))).toEqual(new Set(["ToolError:Declined"]));
    expect(new Set(await outcomes({ issueRefund: { error: "failure" } }, 3))).toEqual(new Set(["Error:mock issueRefund failed"]));
    expect(await outcomes({ issueRefund: { errorRate: 0 } }, 10)).not.toContain("ToolError:Declined");
  });

  it("waits the latency through the sleep it is given, drawing ranges from the seed", async () => {
    const module = await exampleModule("refund");
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    const tools = mockTools(module, { seed: 2, sleep, failures: { getOrder: { latencyMs: 200 }, issueRefund: { latencyMs: [100, 400] } } });
    await tools.getOrder!(order, context());
    for (let i = 0; i < 20; i++) await tools.issueRefund!(refund, context());
    expect(waits[0]).toBe(200);
    const ranged = waits.slice(1);
    expect(ranged.every((ms) => ms >= 100 && ms <= 400)).toBe(true);
    expect(new Set(ranged).size).toBeGreaterThan(5);
  });

  it("latency honours the abort signal", async () => {
    const module = await exampleModule("refund");
    const tools = mockTools(module, { failures: { getOrder: { latencyMs: 60_000 } } });
    const controller = new AbortController();
    const call = tools.getOrder!(order, context(controller.signal));
    controller.abort(new Error("deadline"));
    await expect(call).rejects.toThrow("deadline");
  });

  it("a timeout hangs until the signal aborts", async () => {
    const module = await exampleModule("refund");
    const tools = mockTools(module, { failures: { getOrder: { timeout: true } } });
    const controller = new AbortController();
    let settled = false;
    const call = Promise.resolve(tools.getOrder!(order, context(controller.signal))).finally(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    controller.abort(new Error("deadline"));
    await expect(call).rejects.toThrow("deadline");
  });

  it("goes through the real executor: a hung mock becomes a typed timeout, a named error a typed error", async () => {
    const module = await exampleModule("refund");
    const contracts = { ...module.metadata.tools, getOrder: { ...module.metadata.tools.getOrder!, timeoutMs: 5, retry: undefined } };
    const executor = createToolExecutor({
      contracts,
      schemas: module.schemas.tools,
      implementations: mockTools(module, { failures: { getOrder: { timeout: true }, issueRefund: { error: "Declined" } } }),
    });
    const base = { sessionId: "s1" };
    expect(await executor.execute({ ...base, state: "lookup", tool: "getOrder", args: order })).toMatchObject({ ok: false, failure: { kind: "timeout" } });
    expect(await executor.execute({ ...base, state: "refund", tool: "issueRefund", args: refund })).toMatchObject({ ok: false, failure: { kind: "error", name: "Declined" } });
  });

  it("rejects failure modes for unknown tools and undeclared errors", async () => {
    const module = await exampleModule("refund");
    expect(() => mockTools(module, { failures: { nope: { errorRate: 1 } } })).toThrow(MockConfigError);
    expect(() => mockTools(module, { failures: { nope: { errorRate: 1 } } })).toThrow(/unknown tool "nope"; the agent's tools are getOrder, issueRefund/);
    expect(() => mockTools(module, { failures: { getOrder: { error: "Declined" } } })).toThrow(/getOrder declares no error "Declined"/);
    expect(() => mockTools(module, { failures: { getOrder: { errorRate: 2 } } })).toThrow(/not between 0 and 1/);
    expect(() => mockTools(module, { failures: { getOrder: { latencyMs: [5, 1] } } })).toThrow(/latencyMs/);
  });
});
