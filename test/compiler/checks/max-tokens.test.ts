import { describe, expect, it } from "vitest";
import { maxTokens } from "../../../compiler/checks/max-tokens.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

const TOOL = `  tool lookup "Finds an order." {
    input { orderId: string }
    output { total: number, status: "delivered" | "shipped" }
    errors NotFound
  }
`;
const PROMPT = `  prompt judge v1 "Judge: {{ input.message }}"
`;

describe("max-tokens", () => {
  it("reports LLM calls without max tokens", () => {
    expect(runRule(maxTokens, agent(`  start decide
  state decide {
    ask judge as verdict: { ok: boolean }
    -> loop
  }
  state loop {
    use tools [lookup] with prompt judge until x: { t: string } at most 2 turns
    -> ok
  }
  state ok {
    ask judge as fine: { ok: boolean } maxTokens 100
    -> reply "ok"
  }`, TOOL + PROMPT).replace(" maxTokens 500", ""))).toMatchInlineSnapshot(`
    [
      "14:5 AGC3012 this ask has no max tokens in scope",
      "18:5 AGC3012 this tool loop has no max tokens in scope",
    ]
  `);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(maxTokens, agent(SIMPLE))).toEqual([]);
  });
});
