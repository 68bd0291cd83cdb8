import { describe, expect, it } from "vitest";
import { unusedPrompts } from "../../../compiler/checks/unused-prompts.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

const PROMPT = `  prompt judge v1 "Judge: {{ input.message }}"
`;

describe("unused-prompts", () => {
  it("warns about prompts no state uses", () => {
    expect(runRule(unusedPrompts, agent(SIMPLE, PROMPT))).toMatchInlineSnapshot(`
      [
        "6:10 AGC3016 prompt "judge" is never used",
      ]
    `);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(unusedPrompts, agent(SIMPLE))).toEqual([]);
  });
});
