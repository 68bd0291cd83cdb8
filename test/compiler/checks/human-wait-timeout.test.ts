import { describe, expect, it } from "vitest";
import { humanWaitTimeout } from "../../../compiler/checks/human-wait-timeout.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

describe("human-wait-timeout", () => {
  it("reports a human wait without a timeout", () => {
    expect(runRule(humanWaitTimeout, agent(`  start a
  state a {
    await human oncall as r: { ok: boolean }
    -> reply "ok"
  }`))).toMatchInlineSnapshot(`
    [
      "8:5 AGC3030 this human wait has no timeout",
    ]
  `);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(humanWaitTimeout, agent(SIMPLE))).toEqual([]);
  });
});
