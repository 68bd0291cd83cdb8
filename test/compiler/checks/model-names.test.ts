import { describe, expect, it } from "vitest";
import { modelNames } from "../../../compiler/checks/model-names.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

describe("model-names", () => {
  it("warns about names without a provider", () => {
    expect(runRule(modelNames, agent(SIMPLE).replace('"openai:gpt-4.1-mini"', '"gpt-4" fallback "anthropic:claude"'))).toMatchInlineSnapshot(`
      [
        "4:17 AGC3028 model "gpt-4" is not written as "provider:model"",
      ]
    `);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(modelNames, agent(SIMPLE))).toEqual([]);
  });
});
