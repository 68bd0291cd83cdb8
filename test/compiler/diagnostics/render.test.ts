import { describe, expect, it } from "vitest";
import { diagnostic, type Diagnostic } from "../../../language/diagnostics/diagnostic.ts";
import { SourceFile } from "../../../language/span.ts";
import { renderDiagnostic, renderSummary, toJsonReport, type RenderContext } from "../../../compiler/diagnostics/render.ts";
import { codeFrame, renderLine } from "../../../compiler/diagnostics/code-frame.ts";

const cwd = "/ws";

function context(...files: SourceFile[]): RenderContext {
  return { sources: new Map(files.map((f) => [f.path, f])), cwd, color: false };
}

/** The span of the `n`th occurrence (0-based) of `needle` in `text`. */
function spanOf(text: string, needle: string, n = 0): { start: number; end: number } {
  let at = -1;
  for (let i = 0; i <= n; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`no ${needle}`);
  return { start: at, end: at + needle.length };
}

describe("renderDiagnostic", () => {
  it("prints header, location, frame, inline related location and help (STYLE.md item 5)", () => {
    const text = ["agent A {", "  start lookup", "  state lookup {", "    reply \"x\"", "  }", "", "", "", "", "", "", "  state lookup {", "  }", "}"].join("\n");
    const file = new SourceFile("/ws/agents/refund.agent", text);
    const d = diagnostic("AGC2003", ["state", "lookup"], {
      file: file.path,
      span: spanOf(text, "lookup", 2),
      related: [{ file: file.path, span: spanOf(text, "lookup", 1), message: "first defined here" }],
    });
    expect(renderDiagnostic(d, context(file))).toBe(
      [
        'error[AGC2003]: duplicate state name "lookup"',
        "  --> agents/refund.agent:12:9",
        "   |",
        "12 |   state lookup {",
        "   |         ^^^^^^ first defined at 3:9",
        "   = help: rename one of them",
      ].join("\n"),
    );
  });

  it("shows a related location in another file as a note with its own frame", () => {
    const lib = new SourceFile("/ws/agents/shared/tools.agent", 'tool getOrder "x" {\n}\n');
    const main = new SourceFile("/ws/agents/a.agent", "agent A {\n  tool getOrder {}\n}\n");
    const d = diagnostic("AGC2003", ["tool", "getOrder"], {
      file: main.path,
      span: spanOf(main.text, "getOrder"),
      related: [{ file: lib.path, span: spanOf(lib.text, "getOrder"), message: "imported here" }],
    });
    expect(renderDiagnostic(d, context(lib, main))).toBe(
      [
        'error[AGC2003]: duplicate tool name "getOrder"',
        " --> agents/a.agent:2:8",
        "  |",
        "2 |   tool getOrder {}",
        "  |        ^^^^^^^^",
        "  = note: imported here",
        " --> agents/shared/tools.agent:1:6",
        "  |",
        "1 | tool getOrder \"x\" {",
        "  |      ^^^^^^^^",
        "  = help: rename one of them",
      ].join("\n"),
    );
  });

  it("shows the first line of a multi-line span, carets to its end, then ...", () => {
    const text = "agent A {\n  state s {\n  }\n}\n";
    const file = new SourceFile("/ws/a.agent", text);
    const d = diagnostic("AGC3008", ["s"], { file: file.path, span: { start: text.indexOf("state"), end: text.indexOf("}") + 1 } });
    expect(renderDiagnostic(d, context(file)).split("\n").slice(1, 6)).toEqual([
      " --> a.agent:2:3",
      "  |",
      "2 |   state s {",
      "  |   ^^^^^^^^^",
      "  | ...",
    ]);
  });

  it("escapes control, bidi and zero-width characters and moves the carets with them", () => {
    const text = 'reply "a\u202Eb\u200Bc\u0000d\te" x';
    const file = new SourceFile("/ws/a.agent", text);
    const d = diagnostic("AGC1004", ["x"], { file: file.path, span: spanOf(text, "x") });
    const frame = renderDiagnostic(d, context(file)).split("\n");
    expect(frame[3]).toBe('1 | reply "a\\u{202E}b\\u{200B}c\\u{0000}d e" x'); // the tab reaches the next stop of 4
    expect(frame[4]).toBe("  |" + " ".repeat(frame[3]!.indexOf(" x") - 2) + "^");
    expect(frame[4]!.indexOf("^")).toBe(frame[3]!.lastIndexOf("x"));
  });

  it("puts one caret at the end of the file for an empty span there", () => {
    const text = "agent A {\n";
    const file = new SourceFile("/ws/a.agent", text);
    const d = diagnostic("AGC1004", ["expected '}'"], { file: file.path, span: { start: text.length, end: text.length } });
    expect(renderDiagnostic(d, context(file)).split("\n").slice(1)).toEqual([" --> a.agent:2:1", "  |", "2 |", "  | ^"]);
  });

  it("counts wide characters as two columns", () => {
    const text = 'x "日本" y';
    const file = new SourceFile("/ws/a.agent", text);
    const lines = codeFrame(file, spanOf(text, "y"), 1, undefined);
    expect(lines[2]).toBe("  |" + " ".repeat(1 + 2 + 1 + 4 + 1 + 1) + "^");
  });

  it("cuts a very long line to a window around the span", () => {
    const text = "a".repeat(100_000) + " BAD " + "b".repeat(100_000);
    const file = new SourceFile("/ws/a.agent", text);
    const d = diagnostic("AGC1001", ["B"], { file: file.path, span: spanOf(text, "BAD") });
    const lines = renderDiagnostic(d, context(file)).split("\n");
    expect(lines[3]!.length).toBeLessThan(200);
    expect(lines[3]).toMatch(/^1 \| \.\.\.a+ BAD b+\.\.\.$/);
    expect(lines[4]!.indexOf("^^^")).toBe(lines[3]!.indexOf("BAD"));
  });

  it("escapes unsafe characters in messages too", () => {
    const file = new SourceFile("/ws/a.agent", "x");
    const d = diagnostic("AGC1001", ["\u202E"], { file: file.path, span: { start: 0, end: 1 } });
    expect(renderDiagnostic(d, context(file)).split("\n")[0]).toBe("error[AGC1001]: unexpected character \\u{202E}");
  });

  it("prints only the header and path when the source is unknown", () => {
    const d = diagnostic("AGC2020", ["x.agent", "permission denied"], { file: "/ws/x.agent", span: { start: 0, end: 0 } });
    expect(renderDiagnostic(d, context())).toBe('error[AGC2020]: cannot read "x.agent": permission denied\n --> x.agent');
  });
});

describe("renderLine", () => {
  it("maps UTF-16 offsets to display columns, surrogate pairs included", () => {
    const r = renderLine("a😀\u200Bb");
    expect(r.text).toBe("a😀\\u{200B}b");
    expect(r.columns).toEqual([0, 1, 1, 3, 11, 12]);
  });
});

describe("summary and JSON", () => {
  it("summarises", () => {
    expect(renderSummary({ files: 4, errors: 0, warnings: 0 }, false)).toBe("checked 4 files: no problems");
    expect(renderSummary({ files: 1, errors: 0, warnings: 0 }, false)).toBe("checked 1 file: no problems");
    expect(renderSummary({ files: 4, errors: 2, warnings: 1 }, false)).toBe("2 errors, 1 warning in 4 files");
    expect(renderSummary({ files: 2, errors: 0, warnings: 3 }, false)).toBe("3 warnings in 2 files");
  });

  it("gives LSP ranges, spans, related locations and help", () => {
    const text = "a\nbb cc\n";
    const file = new SourceFile("/ws/d/a.agent", text);
    const diagnostics: Diagnostic[] = [
      diagnostic("AGC2003", ["state", "cc"], { file: file.path, span: spanOf(text, "cc"), related: [{ file: file.path, span: { start: 0, end: 1 }, message: "first defined here" }] }),
      diagnostic("AGC3015", ["t"], { file: file.path, span: { start: 0, end: 1 } }),
    ];
    expect(toJsonReport(diagnostics, { sources: new Map([[file.path, file]]), cwd }, 3)).toEqual({
      version: 1,
      files: 3,
      diagnostics: [
        {
          code: "AGC2003",
          severity: "error",
          message: 'duplicate state name "cc"',
          file: "d/a.agent",
          range: { start: { line: 1, character: 3 }, end: { line: 1, character: 5 } },
          span: { start: 5, end: 7 },
          related: [{ file: "d/a.agent", message: "first defined here", range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, span: { start: 0, end: 1 } }],
          help: "rename one of them",
        },
        {
          code: "AGC3015",
          severity: "warning",
          message: 'tool "t" is never used',
          file: "d/a.agent",
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
          span: { start: 0, end: 1 },
          related: [],
          help: "remove it, or call it from a state",
        },
      ],
      summary: { errors: 1, warnings: 1 },
    });
  });
});
