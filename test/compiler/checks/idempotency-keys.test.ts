import { describe, expect, it } from "vitest";
import { idempotencyKeys } from "../../../compiler/checks/idempotency-keys.ts";
import { agent, runRule, SIMPLE } from "./run-rule.ts";

describe("idempotency-keys", () => {
  it("reports missing and invalid keys", () => {
    expect(runRule(idempotencyKeys, agent(SIMPLE, `  tool pay "P." { input { id: string } output {} effects payment }
  tool write "W." { input { id: string, meta: { tags: string[] } } output {} effects write idempotent by id, nope, meta.tags }
  tool read "R." { input { id: string } output {} effects read idempotent by id }
`))).toMatchInlineSnapshot(`
  [
    "6:58 AGC3011 tool "pay" has \`effects payment\` but no idempotency key",
    "7:110 AGC3026 the idempotency key "nope" is not an input field: the input of "write" has no field "nope"",
    "7:116 AGC3026 the idempotency key "meta.tags" is an array (string[]); a key is made of strings, numbers or booleans",
    "8:78 AGC3026 \`effects read\` has no side effect to make idempotent",
  ]
`);
  });
  it("reports nothing on a clean agent", () => {
    expect(runRule(idempotencyKeys, agent(SIMPLE))).toEqual([]);
  });
});
