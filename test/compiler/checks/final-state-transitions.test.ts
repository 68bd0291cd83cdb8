import { describe, expect, it } from "vitest";
import { finalStateTransitions } from "../../../compiler/checks/final-state-transitions.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

describe("final-state-transitions", () => {
  it("reports transitions of reply and escalate states", () => {
    expect(runRule(finalStateTransitions, agent(`  start a
  state a {
    escalate oncall "x"
    -> a
    on error -> a
  }`))).toMatchInlineSnapshot(`
    [
      "9:5 AGC3019 state "a" ends the session with an escalation; it cannot have transitions",
      "10:5 AGC3019 state "a" ends the session with an escalation; it cannot have transitions",
    ]
  `);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(finalStateTransitions, agent(SIMPLE))).toEqual([]);
  });
});
