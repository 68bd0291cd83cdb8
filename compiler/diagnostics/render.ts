/**
 * Renders diagnostics for people (rustc/Prisma style: header, `-->` location, code frame,
 * related locations, help) and for machines (one JSON document, LSP-style 0-based ranges).
 * Paths are shown relative to the working folder; positions in text are 1-based.
 */
import { relative, resolve, sep } from "node:path";
import pc from "picocolors";
import type { Diagnostic, RelatedLocation, Severity } from "../../language/diagnostics/diagnostic.ts";
import type { Position, SourceFile, Span } from "../../language/span.ts";
import { codeFrame, escapeUnsafe, gutterWidthFor, PLAIN_STYLE, type FrameStyle } from "./code-frame.ts";

export interface RenderContext {
  /** Source files by the path diagnostics carry (`Diagnostic.file`). */
  readonly sources: ReadonlyMap<string, SourceFile>;
  /** Paths are printed relative to this folder. */
  readonly cwd: string;
  readonly color: boolean;
}

export interface Summary {
  readonly files: number;
  readonly errors: number;
  readonly warnings: number;
}

/** The `--format json` document. Bump `version` on any incompatible change. */
export interface JsonReport {
  readonly version: 1;
  readonly files: number;
  readonly diagnostics: readonly JsonDiagnostic[];
  readonly summary: { readonly errors: number; readonly warnings: number };
}

export interface JsonRange {
  readonly start: Position;
  readonly end: Position;
}

export interface JsonDiagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  /** 0-based line and UTF-16 character, as in LSP. */
  readonly range: JsonRange | null;
  /** UTF-16 offsets into the file's text (after a BOM). */
  readonly span: Span;
  readonly related: readonly { readonly file: string; readonly message: string; readonly range: JsonRange | null; readonly span: Span }[];
  readonly help: string | null;
}

export function summarize(diagnostics: readonly Diagnostic[], files: number): Summary {
  let errors = 0;
  let warnings = 0;
  for (const d of diagnostics) {
    if (d.severity === "error") errors++;
    else warnings++;
  }
  return { files, errors, warnings };
}

/** One diagnostic as a block of lines (no trailing newline). */
export function renderDiagnostic(d: Diagnostic, ctx: RenderContext): string {
  const c = pc.createColors(ctx.color);
  const severityColor = d.severity === "error" ? c.red : c.yellow;
  const style: FrameStyle = ctx.color ? { gutter: c.blue, marker: (s) => c.bold(severityColor(s)), escaped: c.magenta } : PLAIN_STYLE;
  const source = ctx.sources.get(d.file);
  const start = source?.positionAt(d.span.start);

  // Related locations in the same file are named inline ("first defined at 4:9"); the first
  // one labels the carets, the rest become notes. Other files get a `-->` line (and frame).
  const sameFile = source ? d.related.filter((r) => r.file === d.file) : [];
  const otherFile = d.related.filter((r) => !sameFile.includes(r));
  const lastLine = Math.max(
    start?.line ?? 0,
    ...otherFile.map((r) => ctx.sources.get(r.file)?.positionAt(r.span.start).line ?? 0),
  );
  const width = gutterWidthFor(lastLine);
  const pad = " ".repeat(width);

  const lines = [`${c.bold(severityColor(`${d.severity}[${d.code}]`))}${c.bold(`: ${oneLine(d.message)}`)}`];
  lines.push(`${pad}${style.gutter("-->")} ${locationText(d.file, d.span, source, ctx.cwd)}`);
  if (source) {
    const [label, ...notes] = sameFile.map((r) => `${relatedPhrase(r.message)} at ${lineCol(source.positionAt(r.span.start))}`);
    lines.push(...codeFrame(source, d.span, width, label, style));
    for (const note of notes) lines.push(`${pad} ${style.gutter("=")} ${c.bold("note")}: ${note}`);
  }
  for (const r of otherFile) {
    const relatedSource = ctx.sources.get(r.file);
    lines.push(`${pad} ${style.gutter("=")} ${c.bold("note")}: ${oneLine(r.message)}`);
    lines.push(`${pad}${style.gutter("-->")} ${locationText(r.file, r.span, relatedSource, ctx.cwd)}`);
    if (relatedSource) lines.push(...codeFrame(relatedSource, r.span, width, undefined, { ...style, marker: c.blue }));
  }
  if (d.help) lines.push(`${pad} ${style.gutter("=")} ${c.bold("help")}: ${oneLine(d.help)}`);
  return lines.join("\n");
}

/** All diagnostics, separated by blank lines, each ending in a newline; "" when there are none. */
export function renderHuman(diagnostics: readonly Diagnostic[], ctx: RenderContext): string {
  return diagnostics.map((d) => `${renderDiagnostic(d, ctx)}\n\n`).join("");
}

/** `checked 4 files: no problems` or `2 errors, 1 warning in 4 files`. */
export function renderSummary(summary: Summary, color: boolean): string {
  const c = pc.createColors(color);
  const files = plural(summary.files, "file");
  if (summary.errors === 0 && summary.warnings === 0) return `${c.green("checked")} ${files}: no problems`;
  const parts: string[] = [];
  if (summary.errors > 0) parts.push(c.red(c.bold(plural(summary.errors, "error"))));
  if (summary.warnings > 0) parts.push(c.yellow(c.bold(plural(summary.warnings, "warning"))));
  return `${parts.join(", ")} in ${files}`;
}

export function toJsonReport(diagnostics: readonly Diagnostic[], ctx: Omit<RenderContext, "color">, files: number): JsonReport {
  const summary = summarize(diagnostics, files);
  return {
    version: 1,
    files,
    diagnostics: diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      message: d.message,
      file: displayPath(d.file, ctx.cwd),
      range: rangeOf(ctx.sources.get(d.file), d.span),
      span: { start: d.span.start, end: d.span.end },
      related: d.related.map((r: RelatedLocation) => ({
        file: displayPath(r.file, ctx.cwd),
        message: r.message,
        range: rangeOf(ctx.sources.get(r.file), r.span),
        span: { start: r.span.start, end: r.span.end },
      })),
      help: d.help ?? null,
    })),
    summary: { errors: summary.errors, warnings: summary.warnings },
  };
}

/** A path relative to `cwd`, with `/` separators (absolute when it is on another drive). */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, resolve(cwd, file));
  if (rel === "") return ".";
  return sep === "/" ? rel : rel.split(sep).join("/");
}

function locationText(file: string, span: Span, source: SourceFile | undefined, cwd: string): string {
  const path = escapeUnsafe(displayPath(file, cwd));
  return source ? `${path}:${lineCol(source.positionAt(span.start))}` : path;
}

function rangeOf(source: SourceFile | undefined, span: Span): JsonRange | null {
  if (!source) return null;
  return { start: source.positionAt(span.start), end: source.positionAt(span.end) };
}

function lineCol(p: Position): string {
  return `${p.line + 1}:${p.character + 1}`;
}

/** "first defined here" reads as "first defined at 4:9" once the position is appended. */
function relatedPhrase(message: string): string {
  return oneLine(message).replace(/\s+here$/, "") || "see";
}

/** Messages are one safe line in the terminal: line breaks become spaces, other unsafe characters escapes. */
function oneLine(text: string): string {
  return escapeUnsafe(text.replace(/\r\n|[\r\n\u2028\u2029]/g, " "));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
