/**
 * Real OTLP/HTTP export: a session of the refund agent traced with the OpenTelemetry JS 3.x
 * SDK, exported to a receiver on 127.0.0.1. Asserts on what arrived: span names, parent links,
 * GenAI and agentc attributes, trace context inside tool code, and no `@pii` value anywhere.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { BatchSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime, ToolError, type ToolImplementation } from "../../../runtime/index.ts";
import { answer, exampleAgent, scriptedIntelligence } from "../support/agents.ts";

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: { key: string; value: Record<string, unknown> }[];
  status?: { code?: number; message?: string };
  events?: { name: string; attributes: { key: string; value: Record<string, unknown> }[] }[];
}

let server: Server;
let url: string;
const bodies: string[] = [];

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      if (req.url === "/v1/traces") bodies.push(body);
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
});

afterAll(async () => {
  context.disable();
  await new Promise((resolve) => server.close(resolve));
});

const value = (attr: { value: Record<string, unknown> }): unknown => Object.values(attr.value)[0];
const attrs = (span: OtlpSpan): Record<string, unknown> => Object.fromEntries(span.attributes.map((a) => [a.key, value(a)]));

describe("OTLP/HTTP export", () => {
  it("exports the session, step and tool spans with parent links and GenAI attributes, and no PII", async () => {
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ "service.name": "refunds" }),
      spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url }) })],
    });
    const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 60_000 });
    const meterProvider = new MeterProvider({ readers: [reader] });

    const message = "parcel broken, reach me at jane.roe@example.org";
    const seenInTool: { active?: string; given?: string } = {};
    const tools: Record<string, ToolImplementation> = {
      getOrder: async () => ({ orderId: "o12345", total: 90, currency: "USD", status: "delivered", items: [] }),
      issueRefund: async (_input, ctx) => {
        seenInTool.active = trace.getSpan(context.active())?.spanContext().spanId;
        seenInTool.given = ctx.traceContext === undefined ? undefined : trace.getSpan(ctx.traceContext)?.spanContext().spanId;
        throw new ToolError("Declined", `card declined for the customer who wrote: ${message}`);
      },
    };
    const intelligence = scriptedIntelligence({ judge: () => answer({ eligible: true, amount: 40, reason: `customer said "${message}"` }) });
    const runtime = createRuntime({ tools, intelligence, telemetry: { tracer: provider.getTracer("agentc"), meter: meterProvider.getMeter("agentc") } });
    const outcome = await runtime.run(await exampleAgent("refund"), { customerId: "c-9", orderId: "o12345", message });
    expect(outcome).toEqual({ kind: "escalation", target: "finance", reason: "payment declined for order o12345" });
    await provider.forceFlush();
    await reader.forceFlush();

    const everything = bodies.join("\n");
    expect(everything.length).toBeGreaterThan(0);
    expect(everything).not.toContain("jane.roe@example.org");
    const spans: OtlpSpan[] = bodies.flatMap((b) => (JSON.parse(b) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] }).resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)));
    const byName = new Map(spans.map((s) => [s.name, s]));
    expect([...byName.keys()].sort()).toEqual(["execute_tool getOrder", "execute_tool issueRefund", "invoke_agent RefundAgent", "step judge", "step lookup", "step refund"]);
    const session = byName.get("invoke_agent RefundAgent")!;
    expect(session.parentSpanId ?? "").toBe("");
    for (const step of ["step lookup", "step judge", "step refund"]) expect(byName.get(step)!.parentSpanId).toBe(session.spanId);
    expect(byName.get("execute_tool getOrder")!.parentSpanId).toBe(byName.get("step lookup")!.spanId);
    const refundSpan = byName.get("execute_tool issueRefund")!;
    expect(refundSpan.parentSpanId).toBe(byName.get("step refund")!.spanId);
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);

    // Trace context reaches the tool's code, both ways.
    expect(seenInTool.active).toBe(refundSpan.spanId);
    expect(seenInTool.given).toBe(refundSpan.spanId);

    expect(attrs(session)).toMatchObject({ "gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "RefundAgent", "agentc.outcome": "escalation", "agentc.escalation.target": "finance" });
    expect(attrs(refundSpan)).toMatchObject({
      "gen_ai.operation.name": "execute_tool",
      "gen_ai.tool.name": "issueRefund",
      "error.type": "Declined",
      "agentc.tool.effects": "payment",
      "agentc.tool.breaker_state": "closed",
      "agentc.tool.idempotency_key_hash": expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(String(attrs(refundSpan)["agentc.failure.message"])).toMatch(/\[pii:[0-9a-f]{8}\]/);
    expect(refundSpan.status?.code).toBe(2);

    const metricNames = metricExporter.getMetrics().flatMap((m) => m.scopeMetrics.flatMap((s) => s.metrics.map((x) => x.descriptor.name)));
    expect(metricNames).toEqual(expect.arrayContaining(["agentc.session.steps", "agentc.session.escalations", "agentc.tool.calls", "agentc.tool.failures", "agentc.tool.duration", "gen_ai.client.token.usage"]));
    await provider.shutdown();
    await meterProvider.shutdown();
  });
});
