/** Durable human waits (park, respond, due timeouts) and escalation sinks (console, webhook with retries). */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { consoleEscalationSink, createMemoryStore, createRuntime, InvalidResponseError, ResumeError, webhookEscalationSink, type EscalationNotice, type ToolImplementation } from "../../../runtime/index.ts";
import { answer, exampleAgent, scriptedIntelligence } from "../support/agents.ts";

const input = { customerId: "c-1", orderId: "o12345", message: "Broken. Reach me at ana@example.com" };
const tools: Record<string, ToolImplementation> = {
  getOrder: async () => ({ orderId: "o12345", total: 400, currency: "USD", status: "delivered", items: [] }),
  issueRefund: async () => ({ refundId: "re_1", status: "settled" }),
};
const judge = () => scriptedIntelligence({ judge: () => answer({ eligible: true, amount: 300, reason: "broken" }) });

describe("human waits", () => {
  it("park durably, take a validated response once, and continue", async () => {
    const refund = await exampleAgent("refund");
    const store = createMemoryStore();
    let now = 5_000_000;
    const runtime = createRuntime({ tools, intelligence: judge(), store, clock: () => now });
    const session = await runtime.start(refund, input);
    const settled = await session.settled;
    expect(settled).toEqual({ kind: "waiting", wait: { state: "approve", target: "finance", result: "approval", dueAt: now + 24 * 3_600_000 } });
    expect(await store.getSession(session.id)).toMatchObject({ status: "waiting", waiting: { state: "approve", target: "finance" } });
    expect(await store.dueWaits(now)).toEqual([]);

    const other = createRuntime({ tools, intelligence: judge(), store, clock: () => now }); // another process, later
    await expect(other.resume(refund, session.id)).rejects.toThrow(/waiting for finance: answer it with `agentc respond/);
    const invalid = await other.respond(refund, session.id, { approved: "yes" }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(InvalidResponseError);
    expect((invalid as InvalidResponseError).field).toBe("approved");
    now += 3_600_000;
    const continued = await other.respond(refund, session.id, { approved: true, note: "ok by Dana" });
    expect(await continued.result).toMatchObject({ kind: "reply", output: { refundId: "re_1", amount: 300 } });
    expect(continued.ledger().steps).toBe(4);
    await expect(other.respond(refund, session.id, { approved: true })).rejects.toBeInstanceOf(ResumeError);
  });

  it("a wait past its deadline takes its timeout edge when due waits fire", async () => {
    const refund = await exampleAgent("refund");
    const store = createMemoryStore();
    let now = 1_000;
    const runtime = createRuntime({ tools, intelligence: judge(), store, clock: () => now });
    const session = await runtime.start(refund, input);
    await session.settled;
    expect(await runtime.fireDueWaits([refund])).toEqual([]);
    now += 24 * 3_600_000 + 1;
    const fired = await runtime.fireDueWaits([refund]);
    expect(fired.map((s) => s.id)).toEqual([session.id]);
    expect(await fired[0]!.result).toEqual({ kind: "escalation", target: "finance", reason: "approval for order o12345 timed out" });
  });

  it("a runtime fires due waits when it starts", async () => {
    const refund = await exampleAgent("refund");
    const store = createMemoryStore();
    let now = 1_000;
    const session = await createRuntime({ tools, intelligence: judge(), store, clock: () => now }).start(refund, input);
    await session.settled;
    now += 25 * 3_600_000;
    const restarted = createRuntime({ tools, intelligence: judge(), store, clock: () => now, dueWaits: { agents: [refund], everyMs: 50 } });
    for (let i = 0; i < 100 && (await store.getSession(session.id))!.status === "waiting"; i++) await new Promise((r) => setTimeout(r, 10));
    restarted.close();
    expect(await store.getSession(session.id)).toMatchObject({ status: "escalated", outcome: { kind: "escalation", reason: "approval for order o12345 timed out" } });
  });
});

describe("escalation sinks", () => {
  it("deliver to a webhook with retries, and to the console, with PII masked", async () => {
    const refund = await exampleAgent("refund");
    const received: { body: EscalationNotice; key: string | undefined }[] = [];
    let calls = 0;
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString("utf8")));
      req.on("end", () => {
        calls += 1;
        if (calls === 1) return res.writeHead(503).end();
        received.push({ body: JSON.parse(body) as EscalationNotice, key: req.headers["idempotency-key"] as string | undefined });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const lines: string[] = [];
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/escalations`;
      const runtime = createRuntime({
        tools: { ...tools, getOrder: async () => { throw new Error(`orders down while reading "${input.message}"`); } },
        intelligence: judge(),
        escalations: [webhookEscalationSink(url, { initialDelayMs: 5 }), consoleEscalationSink((line) => lines.push(line))],
      });
      const session = await runtime.start(refund, input);
      expect(await session.result).toEqual({ kind: "escalation", target: "support", reason: "orders service unavailable" });
      for (let i = 0; i < 100 && (received.length === 0 || lines.length === 0); i++) await new Promise((r) => setTimeout(r, 10));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(calls).toBe(2);
    expect(received).toHaveLength(1);
    expect(received[0]!.key).toMatch(/^escalation-/);
    expect(received[0]!.body).toMatchObject({ agent: "RefundAgent", target: "support", targetDescription: "Customer support queue (#support-escalations).", reason: "orders service unavailable", state: "lookup", steps: 1 });
    expect(JSON.stringify(received[0]!.body)).not.toContain("ana@example.com");
    expect(lines).toEqual([expect.stringMatching(/^escalation: RefundAgent v5 session \S+ → support \(Customer support queue/)]);
  });
});

describe("breaker state across processes", () => {
  it("a session parked after a tool's breaker opened resumes elsewhere with the breaker still open", async () => {
    const refund = await exampleAgent("refund");
    const store = createMemoryStore();
    const failing: Record<string, ToolImplementation> = {
      ...tools,
      issueRefund: async () => {
        throw new Error("processor down");
      },
    };
    const amounts = [50, 50, 50, 300];
    const intelligence = scriptedIntelligence({ judge: () => answer({ eligible: true, amount: amounts.shift()!, reason: "broken" }) });
    const first = createRuntime({ tools: failing, intelligence, store });
    // Three sessions fail the payment (a plain failure is not retried): 3 failures in 5 minutes open the breaker.
    for (let i = 0; i < 3; i++) expect(await first.run(refund, input)).toMatchObject({ kind: "escalation", reason: "payment processor error" });
    const parked = await first.start(refund, input);
    expect(await parked.settled).toMatchObject({ kind: "waiting" });
    expect(((await store.getSession(parked.id))!.ledger!.breakers as Record<string, { state: string }>)["issueRefund"]!.state).toBe("open");

    let called = 0;
    const second = createRuntime({ tools: { ...tools, issueRefund: async () => (called++, { refundId: "re_2", status: "settled" }) }, intelligence: judge(), store });
    const continued = await second.respond(refund, parked.id, { approved: true });
    expect(await continued.result).toEqual({ kind: "escalation", target: "finance", reason: "payment processor error" });
    expect(called).toBe(0);
    expect(continued.events.find((e) => e.type === "tool.call" && e.tool === "issueRefund")).toMatchObject({ ok: false, failure: { message: "circuit open for issueRefund" } });
  });
});
