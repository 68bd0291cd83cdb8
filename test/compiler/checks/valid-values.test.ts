import { describe, expect, it } from "vitest";
import { validValues } from "../../../compiler/checks/valid-values.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

describe("valid-values", () => {
  it("reports out-of-range values", () => {
    expect(runRule(validValues, agent(`  start a
  state a {
    visits at most 0
    reply "x"
  }`, `  budget tokens 0, steps 2.5, time 0ms
  tool t "T." { input {} output {} timeout 0s retry 0 fixed 10ms breaker 1 failures in 1s cooldown 0s }
`))).toMatchInlineSnapshot(`
  [
    "6:17 AGC3022 the tokens budget must be a whole number of 1 or more, found 0",
    "6:26 AGC3022 the steps budget must be a whole number of 1 or more, found 2.5",
    "6:36 AGC3022 the time budget must be above zero, found 0ms",
    "7:44 AGC3022 a timeout must be above zero, found 0s",
    "7:53 AGC3022 the number of retries must be a whole number of 1 or more, found 0",
    "7:100 AGC3022 the breaker's cooldown must be above zero, found 0s",
    "10:20 AGC3022 a visit limit must be a whole number of 1 or more, found 0",
  ]
`);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(validValues, agent(SIMPLE))).toEqual([]);
  });
});
