import { describe, expect, it } from "vitest";
import { exampleInputs } from "../../../compiler/checks/example-inputs.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

describe("example-inputs", () => {
  it("reports examples that do not fit the input record", () => {
    expect(runRule(exampleInputs, agent(SIMPLE, `  example "a" { message: 1 }
  example "b" { messag: "x" }
  example "c" { message: input.message }
`))).toMatchInlineSnapshot(`
  [
    "6:26 AGC3027 "message" must be string, found an integer",
    "7:15 AGC3027 this example does not give the required field "message" of the input",
    "7:17 AGC3027 the input record has no field "messag"",
    "8:26 AGC3027 example values are literals; they cannot refer to other values",
  ]
`);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(exampleInputs, agent(SIMPLE))).toEqual([]);
  });
});
