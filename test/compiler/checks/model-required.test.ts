import { describe, expect, it } from "vitest";
import { modelRequired } from "../../../compiler/checks/model-required.ts";
import { agent, runRule } from "./run-rule.ts";

const BODY = `  prompt judge v1 "Judge: {{ input.message }}"
  start decide
  state decide {
    ask judge as verdict: { ok: boolean } maxTokens 100
    when verdict.ok -> reply "ok"
    else -> reply "no"
  }`;

describe("model-required", () => {
  it("reports each LLM call of an agent without `model primary`", () => {
    expect(runRule(modelRequired, agent(BODY).replace(/ {2}model primary .*\n/, ""))).toEqual([
      "8:5 AGC3033 this state asks, but the agent names no model",
    ]);
  });
  it("reports nothing when the agent names its model", () => {
    expect(runRule(modelRequired, agent(BODY))).toEqual([]);
  });
});
