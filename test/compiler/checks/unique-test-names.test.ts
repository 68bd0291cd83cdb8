import { describe, expect, it } from "vitest";
import { uniqueTestNames } from "../../../compiler/checks/unique-test-names.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

const TEST = (name: string) => `\n  test "${name}" {\n    input { message: "hi" }\n    expect reply\n  }`;

describe("unique-test-names", () => {
  it("reports a second test of the same name", () => {
    expect(runRule(uniqueTestNames, agent(SIMPLE + TEST("a") + TEST("b") + TEST("a")))).toEqual([
      '18:8 AGC3036 another test is also called "a"',
    ]);
  });
  it("reports nothing when names differ", () => {
    expect(runRule(uniqueTestNames, agent(SIMPLE + TEST("a") + TEST("b")))).toEqual([]);
  });
});
