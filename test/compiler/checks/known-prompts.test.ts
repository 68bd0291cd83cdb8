import { describe, expect, it } from "vitest";
import { knownPrompts } from "../../../compiler/checks/known-prompts.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

const PROMPT = `  prompt judge v1 "Judge: {{ input.message }}"
`;

describe("known-prompts", () => {
  it("reports an undefined prompt", () => {
    expect(runRule(knownPrompts, agent(`  start a
  state a {
    ask judgement as v: { ok: boolean }
    -> reply "ok"
  }`, PROMPT))).toMatchInlineSnapshot(`
    [
      "9:9 AGC2004 no prompt named "judgement"",
    ]
  `);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(knownPrompts, agent(SIMPLE))).toEqual([]);
  });
});
