import { describe, expect, it } from "vitest";
import { knownAlertMetrics } from "../../../compiler/checks/known-alert-metrics.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

describe("known-alert-metrics", () => {
  it("reports unknown metrics and thresholds of the wrong kind", () => {
    expect(runRule(knownAlertMetrics, agent(SIMPLE, `  alert errorRate > 5%
  alert p95Latency > 5%
  alert escalationRate > 10%
`))).toMatchInlineSnapshot(`
  [
    "6:9 AGC2015 unknown alert metric "errorRate"",
    "7:22 AGC3022 the threshold of p95Latency is a duration (e.g. 30s)",
  ]
`);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(knownAlertMetrics, agent(SIMPLE))).toEqual([]);
  });
});
