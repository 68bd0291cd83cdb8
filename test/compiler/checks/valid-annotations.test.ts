import { describe, expect, it } from "vitest";
import { validAnnotations } from "../../../compiler/checks/valid-annotations.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

describe("valid-annotations", () => {
  it("reports annotations that do not fit their field", () => {
    expect(runRule(validAnnotations, agent(SIMPLE, `  tool t "T." { input { a: string @min(1), b: number @pattern("x"), c: string @pattern("["), d: number @pii, e: string @minLength(5) @maxLength(2), f: string @pii(1) } output {} }
`))).toMatchInlineSnapshot(`
  [
    "6:35 AGC3023 @min applies to numbers; use @minLength for the length of a string or array",
    "6:54 AGC3023 @pattern applies to strings",
    "6:79 AGC3023 @pattern is not a valid regular expression: /[/u: Unterminated character class",
    "6:104 AGC3023 @pii marks text, but "d" is not a string",
    "6:120 AGC3023 @minLength(5) is above @maxLength(2); no value can satisfy both",
    "6:159 AGC3023 @pii takes no argument",
  ]
`);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(validAnnotations, agent(SIMPLE))).toEqual([]);
  });
});
