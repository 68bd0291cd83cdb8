import { describe, expect, it } from "vitest";
import { testValues } from "../../../compiler/checks/test-values.ts";
import { agent, runRule } from "./run-rule.ts";

const BODY = `  prompt grade v1 "Grade {{ input.message }}"
  tool lookup {
    input { q: string }
    output { text: string, hits?: integer }
    effects read
    timeout 2s
  }
  start find
  state find {
    call lookup { q: input.message } as found
    on error -> escalate oncall
    -> judge
  }
  state judge {
    ask grade as verdict: { score: number, label: "good" | "bad" }
    on error -> escalate oncall
    -> approve
  }
  state approve {
    await human oncall as answer: { ok: boolean } timeout 1h
    on timeout -> escalate oncall
    -> reply "ok"
  }
`;

describe("test-values", () => {
  it("reports values that do not fit", () => {
    expect(runRule(testValues, agent(`${BODY}  test "t" {
    input { message: 1, extra: "x" }
    tool lookup { text: "a", hits: 1.5 }
    model grade { score: 1, label: "meh" }
    human approve { ok: "yes" }
    expect reply { reply: found.text, other: 1 }
  }
  test "two inputs" {
    input { message: "a" }
    input { message: "b" }
    expect path [find]
    expect path [find, judge]
    expect reply
    expect escalate oncall
  }
  test "none" {
    expect reply
  }`))).toMatchInlineSnapshot(`
    [
      "30:22 AGC3035 "message" in the input must be string, found an integer",
      "30:25 AGC3035 the input has no field "extra"",
      "31:36 AGC3035 "hits" in the result of tool "lookup" must be integer, found a number",
      "32:36 AGC3035 "label" in the answer of prompt "grade" must be "good" | "bad", found the string "meh"",
      "33:25 AGC3035 "ok" in the response in state "approve" must be boolean, found the string "yes"",
      "34:27 AGC3035 test values are literals; they cannot refer to other values",
      "34:39 AGC3035 the output record has no field "other"",
      "38:5 AGC3035 a test has one input",
      "40:5 AGC3035 a test has one \`expect path\`",
      "42:5 AGC3035 a test expects one outcome: one \`expect reply\` or one \`expect escalate\`",
      "44:8 AGC3035 test "none" gives no input",
    ]
  `);
  });
  it("reports nothing when every value fits", () => {
    expect(runRule(testValues, agent(`${BODY}  test "t" {
    input { message: "hi" }
    tool lookup { text: "a" }
    model grade { score: 1.5, label: "good" }
    human approve { ok: true }
    expect reply { reply: "ok" }
  }`))).toEqual([]);
  });
});
