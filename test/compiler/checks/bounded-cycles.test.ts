import { describe, expect, it } from "vitest";
import { boundedCycles } from "../../../compiler/checks/bounded-cycles.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

const PROMPT = `  prompt judge v1 "Judge: {{ input.message }}"
`;

describe("bounded-cycles", () => {
  it("reports each unbounded cycle once", () => {
    expect(runRule(boundedCycles, agent(`  start a
  state a {
    ask judge as v: { ok: boolean }
    when v.ok -> b
    else -> a
  }
  state b {
    ask judge as w: { ok: boolean }
    when w.ok -> reply "done"
    else -> a
  }
  state c {
    visits at most 3
    ask judge as x: { ok: boolean }
    when x.ok -> reply "done"
    else -> c
  }`, PROMPT))).toMatchInlineSnapshot(`
    [
      "8:9 AGC3010 cycle through a, b has no bound",
    ]
  `);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(boundedCycles, agent(SIMPLE))).toEqual([]);
  });
});
