import { describe, expect, it } from "vitest";
import { actionCount } from "../../../compiler/checks/action-count.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

describe("action-count", () => {
  it("reports states with no action or several", () => {
    expect(runRule(actionCount, agent(`  start a
  state a {
    reply "x"
    escalate oncall "y"
  }
  state b {
    -> a
  }`))).toMatchInlineSnapshot(`
    [
      "9:5 AGC3018 state "a" has more than one action",
      "11:9 AGC3018 state "b" has no action",
    ]
  `);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(actionCount, agent(SIMPLE))).toEqual([]);
  });
});
