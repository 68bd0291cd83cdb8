import { describe, expect, it } from "vitest";
import { toolContracts } from "../../../compiler/checks/tool-contracts.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

describe("tool-contracts", () => {
  it("reports missing and repeated clauses", () => {
    expect(runRule(toolContracts, agent(SIMPLE, `  tool t "T." { input {} effects none effects read }
`))).toMatchInlineSnapshot(`
  [
    "6:8 AGC3025 tool "t" does not declare its \`output\`",
    "6:39 AGC3025 tool "t" has more than one \`effects\` clause",
  ]
`);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(toolContracts, agent(SIMPLE))).toEqual([]);
  });
});
