import { describe, expect, it } from "vitest";
import { guardConditions } from "../../../compiler/checks/guard-conditions.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

const PROMPT = `  prompt judge v1 "Judge: {{ input.message }}"
`;

describe("guard-conditions", () => {
  it("reports non-boolean conditions and ill-typed operators", () => {
    expect(runRule(guardConditions, agent(`  start decide
  state decide {
    ask judge as verdict: { ok: boolean, score: number, label: "a" | "b" }
    when verdict.score -> reply "1"
    when verdict.ok and verdict.score -> reply "2"
    when verdict.label == "c" -> reply "3"
    when verdict.label == 1 -> reply "4"
    when verdict.nope -> reply "5"
    else -> reply "No."
  }`, PROMPT))).toMatchInlineSnapshot(`
    [
      "10:10 AGC3002 a \`when\` condition must be boolean, found a number",
      "11:25 AGC3001 \`and\` needs a boolean, found a number",
      "12:10 AGC3001 this comparison is always false: "a" | "b" and "c" have no value in common",
      "13:10 AGC3001 cannot compare one of "a" | "b" with an integer using ==",
      "14:18 AGC2006 \`verdict\` has no field "nope"",
    ]
  `);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(guardConditions, agent(SIMPLE))).toEqual([]);
  });
});
