import { describe, expect, it } from "vitest";
import { knownToolErrors } from "../../../compiler/checks/known-tool-errors.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

const TOOL = `  tool lookup "Finds an order." {
    input { orderId: string }
    output { total: number, status: "delivered" | "shipped" }
    errors NotFound
  }
`;

describe("known-tool-errors", () => {
  it("reports an error the tool does not declare", () => {
    expect(runRule(knownToolErrors, agent(`  start fetch
  state fetch {
    call lookup { orderId: input.message } as order
    on NotFound -> reply "No."
    on Missing -> reply "No."
    -> reply "ok"
  }`, TOOL))).toMatchInlineSnapshot(`
    [
      "15:8 AGC2007 tool "lookup" declares no error named "Missing"",
    ]
  `);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(knownToolErrors, agent(SIMPLE))).toEqual([]);
  });
});
