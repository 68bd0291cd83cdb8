import { describe, expect, it } from "vitest";
import { knownAnnotations } from "../../../compiler/checks/known-annotations.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

describe("known-annotations", () => {
  it("reports an unknown annotation", () => {
    expect(runRule(knownAnnotations, agent(SIMPLE, `  tool t "T." { input { a: string @secret @pii } output {} }
`))).toMatchInlineSnapshot(`
  [
    "6:35 AGC2016 unknown annotation "@secret"",
  ]
`);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(knownAnnotations, agent(SIMPLE))).toEqual([]);
  });
});
