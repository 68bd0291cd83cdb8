import { describe, expect, it } from "vitest";
import { templatePlaceholders } from "../../../compiler/checks/template-placeholders.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

const PROMPT = `  prompt judge v1 "Judge: {{ input.message }}"
`;

describe("template-placeholders", () => {
  it("reports unknown names, unknown fields and non-text placeholders", () => {
    expect(runRule(templatePlaceholders, agent(`  start decide
  state decide {
    ask judge as verdict: { ok: boolean, tags: string[] }
    when verdict.ok -> reply "{{ verdict.tags }} {{ verdict.nope }}"
    else -> escalate oncall "{{ nobody }}"
  }`, PROMPT))).toMatchInlineSnapshot(`
    [
      "10:34 AGC3005 placeholder \`{{ verdict.tags }}\` is an array (string[]); only strings, numbers, integers, booleans and string unions can be placed in text",
      "10:61 AGC2006 \`verdict\` has no field "nope"",
      "11:33 AGC2005 nothing named "nobody" is in scope here",
    ]
  `);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(templatePlaceholders, agent(SIMPLE))).toEqual([]);
  });
});
