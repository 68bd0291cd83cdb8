import { describe, expect, it } from "vitest";
import { agentRecords } from "../../../compiler/checks/agent-records.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

describe("agent-records", () => {
  it("reports missing input and output records", () => {
    expect(runRule(agentRecords, `agent A "x" {
  escalation oncall
  start s
  state s {
    escalate oncall
  }
}
`)).toMatchInlineSnapshot(`
  [
    "1:7 AGC3029 the agent declares no \`input\` record",
    "1:7 AGC3029 the agent declares no \`output\` record",
  ]
`);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(agentRecords, agent(SIMPLE))).toEqual([]);
  });
});
