import { describe, expect, it } from "vitest";
import { replyRecords } from "../../../compiler/checks/reply-records.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

describe("reply-records", () => {
  it("reports missing, unknown and ill-typed output fields", () => {
    expect(runRule(replyRecords, agent(`  start a
  state a {
    reply { reply: 1, extra: "x" }
  }
  state b {
    reply "hi" with reply: "again"
  }`))).toMatchInlineSnapshot(`
    [
      "8:20 AGC3006 output field "reply" must be string, found an integer",
      "8:23 AGC3006 the output record has no field "extra"",
      "11:21 AGC3006 the reply text already sets the output field "reply"",
    ]
  `);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(replyRecords, agent(SIMPLE))).toEqual([]);
  });
});
