import { describe, expect, it } from "vitest";
import { triggerApplicability } from "../../../compiler/checks/trigger-applicability.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

describe("trigger-applicability", () => {
  it("reports triggers that do not fit the state", () => {
    expect(runRule(triggerApplicability, agent(`  start a
  state a {
    await human oncall as r: { ok: boolean } timeout 1h
    on exhausted -> reply "1"
    on NotFound -> reply "2"
    on error -> reply "3"
    else -> reply "4"
    -> reply "5"
    -> reply "6"
  }`))).toMatchInlineSnapshot(`
    [
      "9:5 AGC3020 \`on exhausted\` applies only to a \`use tools\` loop; this state has a human wait",
      "10:5 AGC3020 \`on NotFound\` handles a tool error, so it applies only to a state that calls a tool; this state has a human wait",
      "11:5 AGC3020 \`on error\` applies to a call, an ask or a tool loop; this state has a human wait",
      "12:5 AGC3020 \`else\` needs a \`when\` before it",
      "13:5 AGC3020 a state has either \`when\` guards or one unconditional \`->\`, not both",
      "14:5 AGC3020 a state has at most one unconditional \`->\`",
    ]
  `);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(triggerApplicability, agent(SIMPLE))).toEqual([]);
  });
});
