/**
 * Properties of the front end on generated agents: the formatter is idempotent, keeps the
 * AST and every comment, and nothing in the front end throws on arbitrary text.
 * Runs are modest here; `SOAK_RUNS=5000 npm run soak` (or any SOAK_RUNS) runs many more.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "../../language/parse.ts";
import { checkSource } from "../../compiler/check.ts";
import { commentText, format, formatOrThrow } from "../../language/printer.ts";
import { agentSource } from "../generators/agent-arbitrary.ts";
import { stripSpans } from "./ast-equality.ts";

const RUNS = Number(process.env["SOAK_RUNS"] ?? 200);
const params = { numRuns: RUNS };

function parsedClean(text: string): ReturnType<typeof parse> {
  const result = parse("generated.agent", text);
  expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return result;
}

const comments = (text: string): string[] => parse("x.agent", text).file.comments.map(commentText);

describe("formatter properties on generated agents", () => {
  it("generated agents parse without diagnostics, in any layout", () => {
    fc.assert(fc.property(agentSource({ messyLayout: true }), (text) => void parsedClean(text)), params);
  });

  it("format is idempotent", () => {
    fc.assert(
      fc.property(agentSource({ messyLayout: true }), (text) => {
        const once = formatOrThrow(parsedClean(text));
        expect(formatOrThrow(parse("formatted.agent", once))).toBe(once);
      }),
      params,
    );
  });

  it("parse(format(x)) equals parse(x), spans and comment positions aside", () => {
    fc.assert(
      fc.property(agentSource({ messyLayout: true }), (text) => {
        const before = parsedClean(text);
        const after = parsedClean(formatOrThrow(before));
        expect(stripSpans(after.file)).toEqual(stripSpans(before.file));
      }),
      params,
    );
  });

  it("keeps every comment, in order", () => {
    fc.assert(
      fc.property(agentSource({ messyLayout: true }), (text) => {
        expect(comments(formatOrThrow(parsedClean(text)))).toEqual(comments(text));
      }),
      params,
    );
  });

  it("writes LF line endings, one final newline and no trailing spaces", () => {
    fc.assert(
      fc.property(agentSource({ messyLayout: true }), (text) => {
        const out = formatOrThrow(parsedClean(text));
        expect(out).not.toMatch(/\r/);
        expect(out.endsWith("\n") && !out.endsWith("\n\n")).toBe(true);
        expect(out).not.toMatch(/[ \t]\n/);
      }),
      params,
    );
  });
});

// ── The front end never throws ───────────────────────────────────────────────

/** A valid agent with random slices deleted, duplicated, or random text inserted. */
const mutatedAgent = fc
  .tuple(
    agentSource({ maxStates: 5 }),
    fc.array(
      fc.record({
        op: fc.constantFrom("delete", "duplicate", "insert"),
        at: fc.double({ min: 0, max: 1, noNaN: true }),
        length: fc.nat({ max: 40 }),
        text: fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom("{", "}", '"', '"""', "/*", "//", "\r", "\u2028", "\0", "->", "{{", "@", "\uD800")),
      }),
      { minLength: 1, maxLength: 5 },
    ),
  )
  .map(([text, edits]) => {
    let out = text;
    for (const edit of edits) {
      const at = Math.floor(edit.at * out.length);
      if (edit.op === "delete") out = out.slice(0, at) + out.slice(at + edit.length);
      else if (edit.op === "duplicate") out = out.slice(0, at + edit.length) + out.slice(at, at + edit.length) + out.slice(at + edit.length);
      else out = out.slice(0, at) + edit.text + out.slice(at);
    }
    return out;
  });

function frontEndDoesNotThrow(text: string): void {
  const result = parse("fuzz.agent", text);
  // The CLI formats only error-free files, but the printer must survive any recovered tree.
  formatOrThrow(result);
  format(result);
}

describe("the front end never throws", () => {
  it("on arbitrary strings", () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), frontEndDoesNotThrow), params);
  });

  it("on arbitrary Unicode", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 300 }), frontEndDoesNotThrow), params);
  });

  it("on mutated valid agents", () => {
    fc.assert(fc.property(mutatedAgent, frontEndDoesNotThrow), params);
  });

  it("formats mutated agents that still parse cleanly idempotently", () => {
    fc.assert(
      fc.property(mutatedAgent, (text) => {
        const result = parse("fuzz.agent", text);
        if (result.diagnostics.some((d) => d.severity === "error")) return;
        const once = formatOrThrow(result);
        expect(formatOrThrow(parse("fuzz.agent", once))).toBe(once);
        expect(stripSpans(parse("fuzz.agent", once).file)).toEqual(stripSpans(result.file));
      }),
      params,
    );
  });
});

// ── Generated agents check clean ──────────────

describe("generated agents are valid", () => {
  it("check with no errors and no warnings", () => {
    fc.assert(
      fc.property(agentSource({ messyLayout: true }), (text) => {
        const result = checkSource("agents/generated.agent", text);
        expect(result.diagnostics.map((d) => `${d.severity}[${d.code}] ${d.message}`)).toEqual([]);
      }),
      params,
    );
  });
});
