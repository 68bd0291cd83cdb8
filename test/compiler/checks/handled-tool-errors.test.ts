import { describe, expect, it } from "vitest";
import { handledToolErrors } from "../../../compiler/checks/handled-tool-errors.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

describe("handled-tool-errors", () => {
  it("reports each unhandled error with the missing list", () => {
    expect(runRule(handledToolErrors, agent(`  start fetch
  state fetch {
    call lookup { orderId: input.message } as order
    -> reply "ok"
  }`, `  tool lookup "L." { input { orderId: string } output {} errors NotFound, Gone }
`))).toMatchInlineSnapshot(`
  [
    "9:10 AGC3014 state "fetch" does not handle error Gone of tool "lookup"",
    "9:10 AGC3014 state "fetch" does not handle error NotFound of tool "lookup"",
  ]
`);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(handledToolErrors, agent(SIMPLE))).toEqual([]);
  });
});
