/**
 * The front end's entry point: text (or bytes) → AST + syntax diagnostics. Never throws:
 * a file that is too large, nests too deep or is not UTF-8 gets a diagnostic, and whatever
 * can still be parsed is parsed (the language server needs a tree for half-typed code).
 */
import { EOF, type IRecognitionException } from "chevrotain";
import type { AgentFile } from "./ast.ts";
import { AstBuilder } from "./cst-to-ast.ts";
import { compareDiagnostics, diagnostic, type Diagnostic } from "./diagnostics/diagnostic.ts";
import { lex } from "./lexer.ts";
import { parser } from "./parser.ts";
import type { FileCstNode } from "./cst.ts";
import { SourceFile } from "./span.ts";

/** Files above this size are refused (in UTF-16 code units for text, bytes for bytes). */
export const MAX_FILE_SIZE = 4 * 1024 * 1024;
/** Syntax errors reported per file; the rest are cascades of the first ones. */
export const MAX_SYNTAX_ERRORS = 50;

export interface ParseResult {
  readonly file: AgentFile;
  readonly diagnostics: Diagnostic[];
  readonly source: SourceFile;
}

export function parse(path: string, text: string): ParseResult {
  const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const source = new SourceFile(path, clean);
  if (clean.length > MAX_FILE_SIZE) {
    return {
      file: emptyFile(clean.length),
      diagnostics: [diagnostic("AGC1005", [sizeOver(clean.length), formatSize(MAX_FILE_SIZE)], { file: path, span: { start: 0, end: 0 } })],
      source,
    };
  }
  const lexed = lex(path, clean);
  if (!lexed.parseable) {
    return { file: emptyFile(clean.length), diagnostics: lexed.diagnostics.sort(compareDiagnostics), source };
  }
  parser.input = lexed.tokens;
  const cst = parser.file() as FileCstNode;
  const syntax = syntaxDiagnostics(path, parser.errors, clean.length);
  const builder = new AstBuilder(path);
  const file = builder.file(cst, lexed.comments, clean.length);
  parser.input = []; // let the token array go
  const diagnostics = [...lexed.diagnostics, ...syntax, ...builder.diagnostics].sort(compareDiagnostics);
  return { file, diagnostics, source };
}

export function parseBytes(path: string, bytes: Uint8Array): ParseResult {
  if (bytes.length > MAX_FILE_SIZE) {
    return {
      file: emptyFile(0),
      diagnostics: [diagnostic("AGC1005", [sizeOver(bytes.length), formatSize(MAX_FILE_SIZE)], { file: path, span: { start: 0, end: 0 } })],
      source: new SourceFile(path, ""),
    };
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad < 0) return parse(path, new TextDecoder("utf-8").decode(bytes));
  const text = new TextDecoder("utf-8").decode(bytes);
  const result = parse(path, text);
  const prefix = new TextDecoder("utf-8").decode(bytes.subarray(0, bad));
  const at = Math.max(0, prefix.length - (prefix.charCodeAt(0) === 0xfeff ? 1 : 0));
  const invalid = diagnostic("AGC1007", [bad], { file: path, span: { start: at, end: at + 1 } });
  return { ...result, diagnostics: [invalid, ...result.diagnostics].sort(compareDiagnostics) };
}

function syntaxDiagnostics(path: string, errors: readonly IRecognitionException[], length: number): Diagnostic[] {
  const seen = new Set<number>();
  const out: Diagnostic[] = [];
  for (const error of errors) {
    const token = error.token;
    const atEnd = token.tokenType === EOF || !Number.isFinite(token.startOffset);
    const start = atEnd ? length : token.startOffset;
    if (seen.has(start)) continue;
    seen.add(start);
    const end = atEnd ? length : start + token.image.length;
    out.push(diagnostic("AGC1004", [error.message], { file: path, span: { start, end } }));
    if (out.length >= MAX_SYNTAX_ERRORS) break;
  }
  return out;
}

function emptyFile(length: number): AgentFile {
  return { kind: "AgentFile", span: { start: 0, end: length }, imports: [], agent: undefined, tools: [], comments: [] };
}

function formatSize(size: number): string {
  return size >= 1024 * 1024 ? `${(size / (1024 * 1024)).toFixed(1)} MB` : `${(size / 1024).toFixed(1)} KB`;
}

/** The file's size as text, in bytes when rounding would make it read like the limit. */
function sizeOver(size: number): string {
  return formatSize(size) === formatSize(MAX_FILE_SIZE) ? `${size.toLocaleString("en-US")} bytes` : formatSize(size);
}

/** Index of the first byte that is not part of well-formed UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) (need = 1), (min = 0x80);
    else if (b >= 0xe0 && b <= 0xef) (need = 2), (min = 0x800);
    else if (b >= 0xf0 && b <= 0xf4) (need = 3), (min = 0x10000);
    else return i;
    if (i + need >= n + 0 && i + need > n - 1 + 1) return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}
