import { describe, expect, it } from "vitest";
import { escalationTargetRequired } from "../../../compiler/checks/escalation-target-required.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

describe("escalation-target-required", () => {
  it("reports an agent without escalation targets", () => {
    expect(runRule(escalationTargetRequired, `agent A "x" {
  input {}
  output { reply: string }
  start s
  state s {
    reply "x"
  }
}
`)).toMatchInlineSnapshot(`
  [
    "1:7 AGC3024 the agent declares no escalation target",
  ]
`);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(escalationTargetRequired, agent(SIMPLE))).toEqual([]);
  });
});
