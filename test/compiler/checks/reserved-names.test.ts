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
  it("reports nothing on a clean agent", () => {
    expect(runRule(reservedNames, agent(SIMPLE))).toEqual([]);
  });
});
