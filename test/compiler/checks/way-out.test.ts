import { describe, expect, it } from "vitest";
import { wayOut } from "../../../compiler/checks/way-out.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

const PROMPT = `  prompt judge v1 "Judge: {{ input.message }}"
`;

describe("way-out", () => {
  it("reports states that never reach a reply or escalation", () => {
    expect(runRule(wayOut, agent(`  start a
  state a {
    visits at most 2
    ask judge as v: { ok: boolean }
    -> b
  }
  state b {
    visits at most 2
    ask judge as w: { ok: boolean }
    -> a
  }`, PROMPT))).toMatchInlineSnapshot(`
    [
      "8:9 AGC3008 state "a" never reaches a reply or an escalation",
      "13:9 AGC3008 state "b" never reaches a reply or an escalation",
    ]
  `);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(wayOut, agent(SIMPLE))).toEqual([]);
  });
});
