import { describe, expect, it } from "vitest";
import { resultsAssigned } from "../../../compiler/checks/results-assigned.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

const TOOL = `  tool lookup "Finds an order." {
    input { orderId: string }
    output { total: number, status: "delivered" | "shipped" }
    errors NotFound
  }
`;
const PROMPT = `  prompt judge v1 "Judge: {{ input.message }}"
`;

describe("results-assigned", () => {
  it("reports results used where they may be unset", () => {
    expect(runRule(resultsAssigned, agent(`  start fetch
  state fetch {
    call lookup { orderId: input.message } as order
    on NotFound -> reply "{{ order.total }}"
    when order.total > 1 -> big
    else -> decide
  }
  state big {
    ask judge as verdict: { ok: boolean }
    -> decide
  }
  state decide {
    reply "{{ verdict.ok }} {{ order.status }}"
  }`, TOOL + PROMPT))).toMatchInlineSnapshot(`
    [
      "15:30 AGC3017 "order" may not be set when state "fetch" runs",
      "24:15 AGC3017 "verdict" may not be set when state "decide" runs",
    ]
  `);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(resultsAssigned, agent(SIMPLE))).toEqual([]);
  });
});
