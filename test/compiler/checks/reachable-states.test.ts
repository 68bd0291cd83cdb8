import { describe, expect, it } from "vitest";
import { reachableStates } from "../../../compiler/checks/reachable-states.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

describe("reachable-states", () => {
  it("warns about states nothing leads to", () => {
    expect(runRule(reachableStates, agent(SIMPLE + `
  state lonely {
    reply "x"
  }`))).toMatchInlineSnapshot(`
    [
      "10:9 AGC3007 state "lonely" can never be entered",
    ]
  `);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(reachableStates, agent(SIMPLE))).toEqual([]);
  });
});
