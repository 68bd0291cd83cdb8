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
  it("a turn-limited loop bounds a cycle it leaves by spending a turn, not one through `on exhausted`", () => {
    const loop = (exhausted: string) => `  tool search "Search." { input { q: string } output { hits: string[] } effects read }
  start look
  state look {
    use tools [search] with prompt judge until answer: { ok: boolean } at most 3 turns
    on exhausted -> ${exhausted}
    when answer.ok -> reply "found"
    else -> look
  }
  state retry {
    ask judge as again: { ok: boolean }
    when again.ok -> look
    else -> reply "gave up"
  }`;
    expect(runRule(boundedCycles, agent(loop('reply "no answer"'), PROMPT))).toEqual([]);
    expect(runRule(boundedCycles, agent(loop("retry"), PROMPT))).toMatchInlineSnapshot(`
      [
        "9:9 AGC3010 cycle through look, retry has no bound",
      ]
    `);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(boundedCycles, agent(SIMPLE))).toEqual([]);
  });
});
