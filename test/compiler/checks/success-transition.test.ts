import { describe, expect, it } from "vitest";
import { successTransition } from "../../../compiler/checks/success-transition.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

const TOOL = `  tool lookup "Finds an order." {
    input { orderId: string }
    output { total: number, status: "delivered" | "shipped" }
    errors NotFound
  }
`;

describe("success-transition", () => {
  it("reports a call with only failure transitions", () => {
    expect(runRule(successTransition, agent(`  start fetch
  state fetch {
    call lookup { orderId: input.message }
    on NotFound -> reply "No."
  }`, TOOL))).toMatchInlineSnapshot(`
    [
      "12:9 AGC3031 state "fetch" has nowhere to go when its call succeeds",
    ]
  `);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(successTransition, agent(SIMPLE))).toEqual([]);
  });
});
