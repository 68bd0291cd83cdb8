import { describe, expect, it } from "vitest";
import { knownStates } from "../../../compiler/checks/known-states.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

const PROMPT = `  prompt judge v1 "Judge: {{ input.message }}"
`;

describe("known-states", () => {
  it("reports undefined start and goto targets", () => {
    expect(runRule(knownStates, agent(`  start nowhere
  state a {
    ask judge as v: { ok: boolean }
    -> elsewhere
  }`, PROMPT))).toMatchInlineSnapshot(`
    [
      "7:9 AGC2001 no state named "nowhere"",
      "10:8 AGC2001 no state named "elsewhere"",
    ]
  `);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(knownStates, agent(SIMPLE))).toEqual([]);
  });
});
