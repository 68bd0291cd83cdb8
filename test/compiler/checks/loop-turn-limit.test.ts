import { describe, expect, it } from "vitest";
import { loopTurnLimit } from "../../../compiler/checks/loop-turn-limit.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

const TOOL = `  tool lookup "Finds an order." {
    input { orderId: string }
    output { total: number, status: "delivered" | "shipped" }
    errors NotFound
  }
`;
const PROMPT = `  prompt judge v1 "Judge: {{ input.message }}"
`;

describe("loop-turn-limit", () => {
  it("reports a loop without a turn limit", () => {
    expect(runRule(loopTurnLimit, agent(`  start a
  state a {
    use tools [lookup] with prompt judge until x: { t: string }
    -> reply "ok"
  }`, TOOL + PROMPT))).toMatchInlineSnapshot(`
    [
      "14:5 AGC3013 this tool loop has no turn limit",
    ]
  `);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(loopTurnLimit, agent(SIMPLE))).toEqual([]);
  });
});
