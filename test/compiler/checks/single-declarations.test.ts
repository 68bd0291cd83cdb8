import { describe, expect, it } from "vitest";
import { singleDeclarations } from "../../../compiler/checks/single-declarations.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

describe("single-declarations", () => {
  it("reports a second version and a repeated budget item", () => {
    expect(runRule(singleDeclarations, agent(SIMPLE, `  version 1
  version 2
  budget steps 3, steps 4
`))).toMatchInlineSnapshot(`
  [
    "7:3 AGC2010 the agent declares \`version\` more than once",
    "8:19 AGC2010 the agent declares \`budget steps\` more than once",
  ]
`);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(singleDeclarations, agent(SIMPLE))).toEqual([]);
  });
});
