/** Mock humans: answers valid against the result schema and repeatable; silence at the timeout rate. */
import { describe, expect, it } from "vitest";
import type { HumanRequest } from "../../../runtime/contract.ts";
import { MockConfigError, MockValueError, mockHumans, mockInput } from "../../../runtime/mock/index.ts";
import { exampleModule } from "./support.ts";

const approval: HumanRequest = { state: "approve", target: "finance", result: "approval", timeoutMs: 1000, scope: { input: {}, results: {} } };

describe("mockHumans", () => {
  it("answers with values valid against the result schema, the same for the same seed", async () => {
    const module = await exampleModule("refund");
    const answers = async (seed: number) => {
      const human = mockHumans(module, { seed });
      return Promise.all(Array.from({ length: 10 }, () => human(approval)));
    };
    const first = await answers(4);
    for (const answer of first) expect(module.schemas.results.approval!.safeParse(answer).success).toBe(true);
    expect(await answers(4)).toEqual(first);
    expect(await answers(5)).not.toEqual(first);
  });

  it("never answers at the timeout rate, until the wait is aborted", async () => {
    const module = await exampleModule("refund");
    const human = mockHumans(module, { seed: 1, timeoutRate: 1 });
    const controller = new AbortController();
    let settled = false;
    const wait = human(approval, { signal: controller.signal }).finally(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    controller.abort(new Error("timed out"));
    await expect(wait).rejects.toThrow("timed out");
  });

  it("also takes the signal from the request, as orchestration passes it", async () => {
    const module = await exampleModule("refund");
    const controller = new AbortController();
    const wait = mockHumans(module, { timeoutRate: 1 })({ ...approval, signal: controller.signal });
    controller.abort(new Error("timed out"));
    await expect(wait).rejects.toThrow("timed out");
  });

  it("stays silent for about the timeout rate of requests", async () => {
    const module = await exampleModule("refund");
    const human = mockHumans(module, { seed: 1, timeoutRate: 0.25 });
    let answered = 0;
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < 200; i++) pending.push(human(approval).then(() => answered++));
    await Promise.race([Promise.all(pending), new Promise((resolve) => setImmediate(resolve))]);
    expect(answered).toBeGreaterThan(120);
    expect(answered).toBeLessThan(180);
  });

  it("rejects an unknown result and a bad rate with typed errors", async () => {
    const module = await exampleModule("refund");
    await expect(mockHumans(module)({ ...approval, result: "nope" })).rejects.toThrow(MockValueError);
    expect(() => mockHumans(module, { timeoutRate: -1 })).toThrow(MockConfigError);
  });
});

describe("mockInput", () => {
  it("generates a valid input, repeatable by seed", async () => {
    const module = await exampleModule("refund");
    const input = mockInput(module, { seed: 9 }) as { orderId: string };
    expect(module.schemas.input.safeParse(input).success).toBe(true);
    expect(input.orderId).toMatch(/^o[0-9]{4,12}$/);
    expect(mockInput(module, { seed: 9 })).toEqual(input);
  });
});
