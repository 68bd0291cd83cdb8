import { describe, expect, it } from "vitest";
import { guardFallthrough } from "../../../compiler/checks/guard-fallthrough.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

const PROMPT = `  prompt judge v1 "Judge: {{ input.message }}"
`;

describe("guard-fallthrough", () => {
  it("reports guards without else", () => {
    expect(runRule(guardFallthrough, agent(`  start decide
  state decide {
    ask judge as verdict: { ok: boolean }
    when verdict.ok -> reply "Yes."
    when not verdict.ok -> reply "No."
  }`, PROMPT))).toMatchInlineSnapshot(`
    [
      "11:5 AGC3009 when no \`when\` condition holds, state "decide" has nowhere to go",
    ]
  `);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(guardFallthrough, agent(SIMPLE))).toEqual([]);
  });
});
