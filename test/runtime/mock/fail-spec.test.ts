/** `--fail` specs: every documented form, and a message that says what is wrong for every bad one. */
import { describe, expect, it } from "vitest";
import { MockConfigError, parseFailSpec, parseFailSpecs } from "../../../runtime/mock/index.ts";
import { exampleModule } from "./support.ts";

const tools = async () => (await exampleModule("refund")).metadata.tools;

describe("parseFailSpec", () => {
  it("reads rates, percentages, named errors, timeouts and latencies", async () => {
    const t = await tools();
    const mode = (text: string) => parseFailSpec(text, t).mode;
    expect(parseFailSpec("issueRefund=0.5", t)).toEqual({ tool: "issueRefund", mode: { errorRate: 0.5 } });
    expect(mode("issueRefund=25%")).toEqual({ errorRate: 0.25 });
    expect(mode("issueRefund=Declined")).toEqual({ error: "Declined" });
    expect(mode("issueRefund=Declined:0.3")).toEqual({ error: "Declined", errorRate: 0.3 });
    expect(mode("issueRefund=failure")).toEqual({ error: "failure" });
    expect(mode("getOrder=timeout")).toEqual({ timeout: true });
    expect(mode("getOrder=timeout:20%")).toEqual({ timeout: 0.2 });
    expect(mode("getOrder=latency:200ms")).toEqual({ latencyMs: 200 });
    expect(mode("getOrder=latency:1.5s")).toEqual({ latencyMs: 1500 });
    expect(mode("getOrder=latency:250")).toEqual({ latencyMs: 250 });
    expect(mode("getOrder=latency:100..400ms")).toEqual({ latencyMs: [100, 400] });
    expect(mode("getOrder=latency:1..2s")).toEqual({ latencyMs: [1000, 2000] });
    expect(mode("getOrder=latency:200ms, 0.1")).toEqual({ latencyMs: 200, errorRate: 0.1 });
  });

  it("combines several specs per tool", async () => {
    const t = await tools();
    expect(parseFailSpecs(["getOrder=latency:200ms", "issueRefund=Declined", "getOrder=0.1"], t)).toEqual({
      getOrder: { latencyMs: 200, errorRate: 0.1 },
      issueRefund: { error: "Declined" },
    });
  });

  it.each([
    ["issueRefund", /expected tool=rate, tool=<Error>, tool=timeout or tool=latency:<ms> \(e\.g\. issueRefund=0\.5\)/],
    ["=0.5", /expected tool=rate/],
    ["issueRefund=", /expected tool=rate/],
    ["refund=0.5", /unknown tool "refund"; the agent's tools are getOrder, issueRefund/],
    ["issueRefund=1.5", /the rate 1\.5 is not between 0 and 1/],
    ["issueRefund=150%", /the rate 150% is not between 0 and 1/],
    ["issueRefund=Nope", /"Nope" is not a rate, timeout, latency or an error of issueRefund; issueRefund declares Declined, AlreadyRefunded, ProcessorDown \(or "failure" for an undeclared failure\)/],
    ["issueRefund=Declined:often", /"often" is not a rate/],
    ["getOrder=latency", /latency needs a duration/],
    ["getOrder=latency:fast", /"fast" is not a latency/],
    ["getOrder=latency:5..1ms", /runs backwards/],
    ["getOrder=0.1,,0.2", /an empty item/],
  ])("%s is a MockConfigError naming the problem", async (text, message) => {
    const t = await tools();
    expect(() => parseFailSpec(text, t)).toThrow(MockConfigError);
    expect(() => parseFailSpec(text, t)).toThrow(message);
  });

  it("says so when the agent has no tools", () => {
    expect(() => parseFailSpec("x=0.5", {})).toThrow(/unknown tool "x"; the agent has no tools/);
  });
});
