import { describe, expect, it } from "vitest";
import { unreachableTransitions } from "../../../compiler/checks/unreachable-transitions.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

const PROMPT = `  prompt judge v1 "Judge: {{ input.message }}"
`;

describe("unreachable-transitions", () => {
  it("warns about shadowed transitions unless marked", () => {
    expect(runRule(unreachableTransitions, agent(`  start decide
  state decide {
    ask judge as verdict: { ok: boolean }
    on error -> reply "1"
    on error -> reply "2"
    on error -> reply "3" unreachable "kept on purpose"
    when true -> reply "4"
    when verdict.ok -> reply "5"
  }`, PROMPT))).toMatchInlineSnapshot(`
    [
      "11:5 AGC3021 \`on error\` is already handled above; this transition is never taken",
      "14:5 AGC3021 this transition is never taken: the \`when true\` before it always applies",
    ]
  `);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(unreachableTransitions, agent(SIMPLE))).toEqual([]);
  });
});
