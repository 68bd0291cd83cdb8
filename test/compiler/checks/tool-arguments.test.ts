import { describe, expect, it } from "vitest";
import { toolArguments } from "../../../compiler/checks/tool-arguments.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

const TOOL = `  tool lookup "Finds an order." {
    input { orderId: string }
    output { total: number, status: "delivered" | "shipped" }
    errors NotFound
  }
`;

describe("tool-arguments", () => {
  it("reports missing, unknown and ill-typed arguments", () => {
    expect(runRule(toolArguments, agent(`  start fetch
  state fetch {
    call lookup { orderId: 1, extra: true } as order
    on NotFound -> reply "No."
    -> next
  }
  state next {
    call lookup {} as again
    on NotFound -> reply "No."
    -> reply "ok"
  }`, TOOL))).toMatchInlineSnapshot(`
    [
      "13:28 AGC3001 argument "orderId" of "lookup" must be string, found an integer",
      "13:31 AGC3004 tool "lookup" takes no argument "extra"",
      "18:17 AGC3003 call to "lookup" is missing the required argument "orderId"",
    ]
  `);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(toolArguments, agent(SIMPLE))).toEqual([]);
  });
});
