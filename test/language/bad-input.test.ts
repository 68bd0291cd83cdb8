/**
 * Hostile input gets located diagnostics — never a throw, a hang or a silent success.
 * The property test over arbitrary text lives in properties.test.ts; these are the named
 * cases from the issue, each with the diagnostic it must produce.
 */
import { describe, expect, it } from "vitest";
import type { DiagnosticCode } from "../../language/diagnostics/codes.ts";
import { MAX_FILE_SIZE, parse, parseBytes } from "../../language/parse.ts";
import { MAX_NESTING_DEPTH } from "../../language/lexer.ts";

function codes(text: string): DiagnosticCode[] {
  return parse("bad.agent", text).diagnostics.map((d) => d.code);
}

function located(text: string): void {
  const result = parse("bad.agent", text);
  for (const d of result.diagnostics) {
    expect(d.file).toBe("bad.agent");
    expect(d.span.start).toBeGreaterThanOrEqual(0);
    expect(d.span.end).toBeGreaterThanOrEqual(d.span.start);
    expect(d.span.end).toBeLessThanOrEqual(result.source.text.length);
  }
}

const minimal = (body: string): string => `agent A "a" {\n${body}\n}\n`;

describe("bad input", () => {
  it("binary junk and NUL bytes are unexpected characters with their names", () => {
    const result = parse("bad.agent", "\u0000\u0001\u0002 agent \u0007");
    expect(result.diagnostics[0]?.code).toBe("AGC1001");
    expect(result.diagnostics[0]?.message).toContain("U+0000 NUL");
    located("\u0000\u0001\u0002 agent \u0007");
  });

  it("random bytes decode with a located AGC1007 for invalid UTF-8", () => {
    const bytes = new Uint8Array([0x61, 0x67, 0x65, 0x6e, 0x74, 0x20, 0xc3, 0x28, 0x41]);
    const result = parseBytes("bad.agent", bytes);
    const invalid = result.diagnostics.find((d) => d.code === "AGC1007");
    expect(invalid?.message).toContain("offset 6");
    expect(invalid?.span.start).toBe(6);
  });

  it("a BOM is skipped and spans stay relative to the text after it", () => {
    const bom = parse("bad.agent", "\uFEFF" + minimal('  state s { reply "x" }'));
    expect(bom.diagnostics).toEqual([]);
    const bytes = parseBytes("bad.agent", new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("agent $")]));
    expect(bytes.diagnostics.find((d) => d.code === "AGC1001")?.span.start).toBe(6);
  });

  it("a file over the size cap is refused with AGC1005, quickly", () => {
    expect(codes("agent A {" + " ".repeat(MAX_FILE_SIZE) + "}")).toEqual(["AGC1005"]);
    expect(parseBytes("bad.agent", new Uint8Array(MAX_FILE_SIZE + 1)).diagnostics.map((d) => d.code)).toEqual(["AGC1005"]);
  });

  it("5,000 nested brackets stop at the depth cap", () => {
    const deepType = minimal("input { a: " + "{ b: ".repeat(5000) + "string" + " }".repeat(5000) + " }");
    expect(codes(deepType)).toEqual(["AGC1006"]);
    const deepExpr = minimal("state s { when " + "(".repeat(5000) + "x" + ")".repeat(5000) + " -> s }");
    expect(codes(deepExpr)).toEqual(["AGC1006"]);
    const justUnder = minimal("state s { when " + "(".repeat(MAX_NESTING_DEPTH - 3) + "x" + ")".repeat(MAX_NESTING_DEPTH - 3) + " -> s }");
    expect(codes(justUnder)).toEqual([]);
  });

  it("unterminated strings, block strings and comments are reported where they start", () => {
    expect(codes(minimal('  state s { reply "never closed }'))).toContain("AGC1002");
    expect(codes(minimal('  prompt p v1 """ never closed'))).toContain("AGC1002");
    const comment = parse("bad.agent", minimal("  /* never closed"));
    const d = comment.diagnostics.find((x) => x.code === "AGC1003");
    expect(d?.span.start).toBe(comment.source.text.indexOf("/*"));
  });

  it("CRLF, lone CR and U+2028 count as the LSP counts lines", () => {
    const text = 'agent A {\r\n  state s {\r    reply "x" ?\n  }\r\n}';
    const result = parse("bad.agent", text);
    const d = result.diagnostics[0]!;
    expect(result.source.positionAt(d.span.start)).toEqual({ line: 2, character: 14 });
    expect(codes('agent A {\u2028}')).toEqual(["AGC1001"]);
    expect(parse("bad.agent", 'agent A {\u2028}').diagnostics[0]?.message).toContain("LINE SEPARATOR");
  });

  it("lone surrogates in strings are errors; bidi and zero-width characters are warnings", () => {
    expect(codes(minimal('  state s { reply "a\uD800b" }'))).toEqual(["AGC1012"]);
    const bidi = parse("bad.agent", minimal('  state s { reply "admin\u202E\u2066 // user" }'));
    expect(bidi.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ["AGC1009", "warning"],
      ["AGC1009", "warning"],
    ]);
    expect(codes(minimal("  // zero\u200Bwidth in a comment"))).toEqual(["AGC1009"]);
  });

  it("confusable characters name the ASCII character they imitate", () => {
    const result = parse("bad.agent", "аgent A {}"); // Cyrillic а
    expect(result.diagnostics[0]?.message).toContain("looks like 'a'");
    expect(result.diagnostics[0]?.help).toContain("replace it with 'a'");
    expect(parse("bad.agent", minimal("  state s { reply “x” }")).diagnostics[0]?.message).toContain(`looks like '"'`);
  });

  it("__proto__ and other Object.prototype names are ordinary names", () => {
    const result = parse("bad.agent", 'agent __proto__ { state constructor { reply "x" } start constructor }');
    expect(result.diagnostics).toEqual([]);
    expect(result.file.agent?.name.name).toBe("__proto__");
  });

  it("numbers beyond float range or 2^53 are AGC1008", () => {
    expect(codes(minimal("  version 1e309"))).toEqual(["AGC1008"]);
    expect(codes(minimal("  budget tokens 9007199254740993"))).toEqual(["AGC1008"]);
    expect(codes(minimal("  budget tokens 9007199254740991"))).toEqual([]);
  });

  it("negative budgets parse (the checks reject them with a location)", () => {
    const result = parse("bad.agent", minimal("  budget tokens -5, cost -1 usd"));
    expect(result.diagnostics).toEqual([]);
    const budget = result.file.agent?.members[0];
    expect(budget?.kind === "BudgetDecl" && budget.items.map((i) => i.value.kind === "NumberLiteral" && i.value.value)).toEqual([-5, false]);
  });

  it("invalid escapes and malformed placeholders are located inside the string", () => {
    const result = parse("bad.agent", minimal('  state s { reply "a\\qb {{ not a path }} {{ ok.x }}" }'));
    expect(result.diagnostics.map((d) => d.code)).toEqual(["AGC1010", "AGC1011"]);
    const escape = result.diagnostics[0]!;
    expect(result.source.text.slice(escape.span.start, escape.span.end)).toBe("\\q");
    const placeholder = result.diagnostics[1]!;
    expect(result.source.text.slice(placeholder.span.start, placeholder.span.end)).toBe("{{ not a path }}");
  });

  it("an empty file and a whitespace-only file parse to an empty tree", () => {
    for (const text of ["", "   \n\n", "// only a comment\n"]) {
      const result = parse("empty.agent", text);
      expect(result.diagnostics).toEqual([]);
      expect(result.file.agent).toBeUndefined();
    }
  });
});
