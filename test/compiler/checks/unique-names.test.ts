import { describe, expect, it } from "vitest";
import { uniqueNames } from "../../../compiler/checks/unique-names.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

describe("unique-names", () => {
  it("reports every duplicate after the first", () => {
    expect(runRule(uniqueNames, agent(SIMPLE + `
  state answer {
    escalate oncall
  }`, `  prompt p v1 "a"
  prompt p v2 "b"
  example "e" { message: "x" }
  example "e" { message: "y" }
`))).toMatchInlineSnapshot(`
  [
    "7:10 AGC2003 duplicate prompt name "p"",
    "9:11 AGC2003 duplicate example name "e"",
    "14:9 AGC2003 duplicate state name "answer"",
  ]
`);
  });
  it("reports duplicate fields and errors", () => {
    expect(runRule(uniqueNames, agent(SIMPLE, `  tool t "T." { input { a: string, a: number } output {} errors X, X }
`))).toMatchInlineSnapshot(`
  [
    "6:36 AGC2003 duplicate field name "a"",
    "6:68 AGC2003 duplicate error name "X"",
  ]
`);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(uniqueNames, agent(SIMPLE))).toEqual([]);
  });
});
