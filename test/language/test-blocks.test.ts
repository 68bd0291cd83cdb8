/** `test "…" { … }` blocks: how they parse into the AST and how the formatter prints them. */
import { describe, expect, it } from "vitest";
import type * as A from "../../language/ast.ts";
import { parse } from "../../language/parse.ts";
import { formatOrThrow } from "../../language/printer.ts";
import { stripSpans } from "./ast-equality.ts";

const agent = (body: string): string => `agent A "An agent." {\n  start s\n  state s { reply "hi" }\n${body}\n}\n`;

function testDecl(text: string): A.TestDecl {
  const result = parse("test.agent", text);
  expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  const decl = result.file.agent?.members.find((m): m is A.TestDecl => m.kind === "TestDecl");
  expect(decl).toBeDefined();
  return decl!;
}

describe("test blocks", () => {
  it("parse every kind of line", () => {
    const decl = testDecl(
      agent(`  test "all lines" {
    input { q: "hi" }
    model judge { ok: true }
    model judge "text"
    model diagnose call getOrder { orderId: "o1" }
    tool getOrder { total: 80, items: [] }
    tool issueRefund error Declined
    tool getOrder timeout
    human approve { approved: true }
    human approve timeout
    expect path [lookup, judge]
    expect reply { reply: "x" }
    expect reply
    expect escalate finance "why"
    expect escalate support
  }`),
    );
    expect(decl.name.value).toBe("all lines");
    expect(decl.items.map((i) => i.kind)).toEqual([
      "TestInput", "TestModelAnswer", "TestModelAnswer", "TestModelAnswer", "TestToolResult", "TestToolResult", "TestToolResult",
      "TestHumanResponse", "TestHumanResponse", "TestExpectPath", "TestExpectReply", "TestExpectReply", "TestExpectEscalate", "TestExpectEscalate",
    ]);
    const [, , answer, call, , failure, timeout, , humanTimeout, path, , anyReply, escalate, bare] = decl.items;
    expect(answer).toMatchObject({ prompt: { name: "judge" }, value: { kind: "StringLiteral", value: "text" } });
    expect(call).toMatchObject({ prompt: { name: "diagnose" }, call: { name: "getOrder" }, value: { kind: "RecordLiteral" } });
    expect(failure).toMatchObject({ tool: { name: "issueRefund" }, error: { name: "Declined" }, value: undefined, timeout: false });
    expect(timeout).toMatchObject({ tool: { name: "getOrder" }, error: undefined, value: undefined, timeout: true });
    expect(humanTimeout).toMatchObject({ state: { name: "approve" }, value: undefined, timeout: true });
    expect((path as A.TestExpectPath).states.map((s) => s.name)).toEqual(["lookup", "judge"]);
    expect(anyReply).toMatchObject({ kind: "TestExpectReply", fields: undefined });
    expect(escalate).toMatchObject({ target: { name: "finance" }, reason: { value: "why" } });
    expect(bare).toMatchObject({ target: { name: "support" }, reason: undefined });
  });

  it("keep `test`, `expect` and `path` usable as names", () => {
    const result = parse("test.agent", `agent A {\n  input { test: string, path: string, expect: number }\n  start s\n  state s { reply "hi" }\n}\n`);
    expect(result.diagnostics).toEqual([]);
  });

  it("report a broken line and keep the rest of the file", () => {
    const result = parse("test.agent", agent(`  test "broken" {\n    expect nothing\n  }`));
    expect(result.diagnostics.map((d) => d.code)).toContain("AGC1004");
    expect(result.file.agent?.members.some((m) => m.kind === "StateDecl")).toBe(true);
  });

  it("format canonically and round-trip", () => {
    const source = agent(`test "x"{input{q:"hi"}  // why
model judge {ok:true,amount:40}
model diagnose   call getOrder {orderId:"o1"}
tool getOrder   error NotFound
human approve timeout

expect path [ a,b ]
expect escalate finance   "r"}`);
    const out = formatOrThrow(parse("test.agent", source));
    expect(out).toBe(`agent A "An agent." {
  start s
  state s {
    reply "hi"
  }
  test "x" {
    input { q: "hi" } // why
    model judge { ok: true, amount: 40 }
    model diagnose call getOrder { orderId: "o1" }
    tool getOrder error NotFound
    human approve timeout

    expect path [a, b]
    expect escalate finance "r"
  }
}
`);
    const again = parse("test.agent", out);
    expect(formatOrThrow(again)).toBe(out);
    expect(stripSpans(again.file)).toEqual(stripSpans(parse("test.agent", source).file));
  });

  it("break a long scripted result over lines", () => {
    const long = Array.from({ length: 8 }, (_, i) => `field${i}: "value number ${i}"`).join(", ");
    const out = formatOrThrow(parse("test.agent", agent(`  test "long" {\n    tool getOrder { ${long} }\n  }`)));
    expect(out).toContain(`    tool getOrder {\n      field0: "value number 0",\n`);
    expect(formatOrThrow(parse("test.agent", out))).toBe(out);
  });
});
