import { describe, expect, it } from "vitest";
import { reservedNames } from "../../../compiler/checks/reserved-names.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

describe("reserved-names", () => {
  it("reports `input` as a result and `error` as a tool error", () => {
    expect(runRule(reservedNames, agent(`  start s
  state s {
    call t {} as input
    on error -> reply "x"
    -> reply "y"
  }`, `  tool t "T." { input {} output {} errors error }
`))).toMatchInlineSnapshot(`
  [
    "6:43 AGC2018 "error" is reserved and cannot name a tool error",
    "9:18 AGC2018 "input" is reserved and cannot name a step result",
  ]
`);
  });
  it("reports record fields named like members of every JavaScript object", () => {
    const text = agent(SIMPLE, `  tool t "T." { input { constructor: string, toString?: string } output { __proto__: string, ok: boolean } }
`);
    expect(runRule(reservedNames, text).map((d) => d.replace(/^\d+:\d+ /, ""))).toEqual([
      'AGC2018 "constructor" is reserved and cannot name a field: every JavaScript object has a member of that name',
      'AGC2018 "toString" is reserved and cannot name a field: every JavaScript object has a member of that name',
      'AGC2018 "__proto__" is reserved and cannot name a field: every JavaScript object has a member of that name',
    ]);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(reservedNames, agent(SIMPLE))).toEqual([]);
  });
});
