import { describe, expect, it } from "vitest";
import { knownEscalations } from "../../../compiler/checks/known-escalations.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

describe("known-escalations", () => {
  it("reports undefined escalation and human targets", () => {
    expect(runRule(knownEscalations, agent(`  start a
  state a {
    await human finance as r: { ok: boolean } timeout 1h
    on timeout -> escalate legal "late"
    -> reply "ok"
  }`))).toMatchInlineSnapshot(`
    [
      "8:17 AGC2008 no escalation target named "finance"",
      "9:28 AGC2008 no escalation target named "legal"",
    ]
  `);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(knownEscalations, agent(SIMPLE))).toEqual([]);
  });
});
