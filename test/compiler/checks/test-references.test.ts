import { describe, expect, it } from "vitest";
import { testReferences } from "../../../compiler/checks/test-references.ts";
import { agent, runRule } from "./run-rule.ts";

const BODY = `  prompt write v1 "Answer {{ input.message }}"
  tool lookup {
    input { q: string }
    output { text: string }
    errors NotFound
    effects read
    timeout 2s
  }
  start find
  state find {
    call lookup { q: input.message } as found
    on error -> escalate oncall
    -> ask
  }
  state ask {
    await human oncall as answer: { ok: boolean } timeout 1h
    on timeout -> escalate oncall
    -> done
  }
  state done {
    reply "ok"
  }
`;

describe("test-references", () => {
  it("reports names the agent does not have", () => {
    expect(runRule(testReferences, agent(`${BODY}  test "t" {
    input { message: "hi" }
    model wirte "x"
    tool lookup error Gone
    tool search { text: "x" }
    human done { ok: true }
    expect path [find, nowhere, done]
    expect escalate finance
  }`))).toMatchInlineSnapshot(`
      [
        "30:11 AGC3034 the agent has no prompt "wirte"; it has "write"",
        "31:23 AGC3034 tool "lookup" declares no error "Gone"; its errors are "NotFound"",
        "32:10 AGC3034 the agent has no tool "search"; it has "lookup"",
        "33:11 AGC3034 "done" is not a state that awaits a human; those are "ask"",
        "34:24 AGC3034 the agent has no state "nowhere"; it has "find", "ask", "done"",
        "34:33 AGC3034 state "done" only replies: it runs no step, so a path does not list it",
        "35:21 AGC3034 the agent has no escalation target "finance"; it has "oncall"",
      ]
    `);
  });
  it("reports nothing when every name is known", () => {
    expect(runRule(testReferences, agent(`${BODY}  test "t" {
    input { message: "hi" }
    model write "x"
    tool lookup error NotFound
    tool lookup timeout
    human ask { ok: true }
    human ask timeout
    expect path [find, ask]
    expect escalate oncall "why"
  }`))).toEqual([]);
  });
});

describe("test-references in tool loops", () => {
  const LOOP = `  prompt dig v1 "Dig into {{ input.message }}"
  tool lookup {
    input { q: string }
    output { text: string }
    effects read
    timeout 2s
  }
  tool other {
    input { q: string }
    output { text: string }
    effects read
    timeout 2s
  }
  start find
  state find {
    use tools [lookup] with prompt dig until answer: { text: string } at most 3 turns
    on exhausted -> escalate oncall
    on error -> escalate oncall
    -> reply "{{ answer.text }}"
  }
`;
  it("reports a model tool request the prompt's loop does not allow", () => {
    expect(runRule(testReferences, agent(`${LOOP}  test "t" {
    input { message: "hi" }
    model dig call other { q: "x" }
    model dig call lookup { q: "x" }
  }`))).toEqual([
      '28:20 AGC3034 prompt "dig" runs no tool loop that allows tool "other"; its loops allow "lookup"',
    ]);
  });
});
