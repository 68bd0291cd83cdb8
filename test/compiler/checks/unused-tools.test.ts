import { describe, expect, it } from "vitest";
import { unusedTools } from "../../../compiler/checks/unused-tools.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

const TOOL = `  tool lookup "Finds an order." {
    input { orderId: string }
    output { total: number, status: "delivered" | "shipped" }
    errors NotFound
  }
`;

describe("unused-tools", () => {
  it("warns about tools no state uses", () => {
    expect(runRule(unusedTools, agent(SIMPLE, TOOL))).toMatchInlineSnapshot(`
      [
        "6:8 AGC3015 tool "lookup" is never used",
      ]
    `);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(unusedTools, agent(SIMPLE))).toEqual([]);
  });
});
