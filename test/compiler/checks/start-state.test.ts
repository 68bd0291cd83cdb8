import { describe, expect, it } from "vitest";
import { startState } from "../../../compiler/checks/start-state.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

describe("start-state", () => {
  it("reports a missing start at the agent name", () => {
    expect(runRule(startState, agent(`  state answer {
    reply "Thanks."
  }`))).toMatchInlineSnapshot(`
    [
      "1:7 AGC2009 the agent has no \`start\` declaration",
    ]
  `);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(startState, agent(SIMPLE))).toEqual([]);
  });
});
