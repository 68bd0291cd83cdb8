import { describe, expect, it } from "vitest";
import { knownTools } from "../../../compiler/checks/known-tools.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

const TOOL = `  tool lookup "Finds an order." {
    input { orderId: string }
    output { total: number, status: "delivered" | "shipped" }
    errors NotFound
  }
`;
const PROMPT = `  prompt judge v1 "Judge: {{ input.message }}"
`;

describe("known-tools", () => {
  it("reports undefined tools in calls and loops", () => {
    expect(runRule(knownTools, agent(`  start a
  state a {
    call missing {}
    -> b
  }
  state b {
    use tools [lookup, gone] with prompt judge until x: { t: string } at most 2 turns
    -> reply "ok"
  }`, TOOL + PROMPT))).toMatchInlineSnapshot(`
    [
      "14:10 AGC2002 no tool named "missing"",
      "18:24 AGC2002 no tool named "gone"",
    ]
  `);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(knownTools, agent(SIMPLE))).toEqual([]);
  });
});
