/**
 * Text → tokens, plus every lexical diagnostic: unexpected characters (named, with the
 * ASCII character they imitate when they are confusable), unterminated strings and
 * comments, invisible or bidirectional characters inside strings and comments, nesting
 * deeper than the cap. Never throws.
 */
import { Lexer, type IToken } from "chevrotain";
import { diagnostic, type Diagnostic } from "./diagnostics/diagnostic.ts";
import {
  BlockComment,
  BlockString,
  Identifier,
  KEYWORDS,
  LBracket,
  LCurly,
  LParen,
  lexedTokens,
  RBracket,
  RCurly,
  RParen,
  StringLit,
  UnterminatedBlockComment,
  UnterminatedBlockString,
  UnterminatedString,
  VersionTag,
  LineComment,
} from "./tokens.ts";

/** Brackets may nest this deep; deeper input is refused before parsing (recursion is bounded). */
export const MAX_NESTING_DEPTH = 64;

const lexer = new Lexer(lexedTokens, {
  positionTracking: "onlyOffset",
  ensureOptimizations: true,
});

export interface LexResult {
  readonly tokens: IToken[];
  readonly comments: IToken[];
  readonly diagnostics: Diagnostic[];
  /** False when the token stream must not be parsed (nesting cap exceeded). */
  readonly parseable: boolean;
}

const VERSION_TAG = /^v[0-9]+$/;

export function lex(path: string, text: string): LexResult {
  const result = lexer.tokenize(text);
  const diagnostics: Diagnostic[] = [];
  const tokens = result.tokens;

  for (const error of result.errors) {
    const length = Math.max(1, error.length);
    diagnostics.push(
      diagnostic("AGC1001", [describeCharacters(text.slice(error.offset, error.offset + length))], {
        file: path,
        span: { start: error.offset, end: error.offset + length },
        help: helpForUnexpected(text.slice(error.offset, error.offset + length)),
      }),
    );
  }

  let depth = 0;
  let parseable = true;
  for (const token of tokens) {
    // "onlyOffset" tracking leaves endOffset unset; CST node locations are built from it.
    token.endOffset = token.startOffset + token.image.length - 1;
    const type = token.tokenType;
    if (type === Identifier) {
      const keyword = KEYWORDS.get(token.image);
      if (keyword !== undefined) retype(token, keyword);
      else if (VERSION_TAG.test(token.image)) retype(token, VersionTag);
    } else if (type === LCurly || type === LBracket || type === LParen) {
      depth++;
      if (depth > MAX_NESTING_DEPTH && parseable) {
        parseable = false;
        diagnostics.push(
          diagnostic("AGC1006", [MAX_NESTING_DEPTH], { file: path, span: tokenSpan(token) }),
        );
      }
    } else if (type === RCurly || type === RBracket || type === RParen) {
      depth = Math.max(0, depth - 1);
    } else if (type === UnterminatedString || type === UnterminatedBlockString) {
      diagnostics.push(diagnostic("AGC1002", [], { file: path, span: { start: token.startOffset, end: token.startOffset + (type === UnterminatedString ? 1 : 3) } }));
      scanInvisible(path, token, "a string", diagnostics);
    } else if (type === StringLit || type === BlockString) {
      scanInvisible(path, token, "a string", diagnostics);
    }
  }

  const comments = result.groups["comments"] ?? [];
  for (const comment of comments) {
    if (comment.tokenType === UnterminatedBlockComment) {
      diagnostics.push(diagnostic("AGC1003", [], { file: path, span: { start: comment.startOffset, end: comment.startOffset + 2 } }));
    }
    if (comment.tokenType === LineComment || comment.tokenType === BlockComment || comment.tokenType === UnterminatedBlockComment) {
      scanInvisible(path, comment, "a comment", diagnostics);
    }
  }

  return { tokens, comments, diagnostics, parseable };
}

function retype(token: IToken, type: typeof VersionTag): void {
  (token as { tokenType: typeof VersionTag }).tokenType = type;
  (token as { tokenTypeIdx: number }).tokenTypeIdx = type.tokenTypeIdx!;
}

export function tokenSpan(token: IToken): { start: number; end: number } {
  return { start: token.startOffset, end: token.startOffset + token.image.length };
}

// ── Characters worth naming ─────────────────────────────────────────────────

const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function scanInvisible(path: string, token: IToken, where: string, out: Diagnostic[]): void {
  const image = token.image;
  INVISIBLE.lastIndex = 0;
  let match: RegExpExecArray | null;
  let reported = 0;
  while ((match = INVISIBLE.exec(image)) !== null) {
    if (reported++ >= 10) break; // one file of junk must not bury everything else
    const start = token.startOffset + match.index;
    const code = match[0].charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdfff) {
      out.push(diagnostic("AGC1012", [`${where} holds a lone surrogate ${codePoint(code)}, which no encoding can store`], { file: path, span: { start, end: start + 1 } }));
    } else {
      out.push(diagnostic("AGC1009", [characterName(code), where], { file: path, span: { start, end: start + 1 } }));
    }
  }
}

function codePoint(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

const NAMES = new Map<number, string>([
  [0x00, "NUL"], [0x09, "TAB"], [0x1b, "ESCAPE"], [0x7f, "DELETE"], [0xa0, "NO-BREAK SPACE"],
  [0x061c, "ARABIC LETTER MARK"], [0x200b, "ZERO WIDTH SPACE"], [0x200c, "ZERO WIDTH NON-JOINER"],
  [0x200d, "ZERO WIDTH JOINER"], [0x200e, "LEFT-TO-RIGHT MARK"], [0x200f, "RIGHT-TO-LEFT MARK"],
  [0x2028, "LINE SEPARATOR"], [0x2029, "PARAGRAPH SEPARATOR"], [0x202a, "LEFT-TO-RIGHT EMBEDDING"],
  [0x202b, "RIGHT-TO-LEFT EMBEDDING"], [0x202c, "POP DIRECTIONAL FORMATTING"],
  [0x202d, "LEFT-TO-RIGHT OVERRIDE"], [0x202e, "RIGHT-TO-LEFT OVERRIDE"], [0x2060, "WORD JOINER"],
  [0x2066, "LEFT-TO-RIGHT ISOLATE"], [0x2067, "RIGHT-TO-LEFT ISOLATE"], [0x2068, "FIRST STRONG ISOLATE"],
  [0x2069, "POP DIRECTIONAL ISOLATE"], [0xfeff, "ZERO WIDTH NO-BREAK SPACE (BOM)"], [0xfffd, "REPLACEMENT CHARACTER"],
]);

function characterName(code: number): string {
  const name = NAMES.get(code) ?? (code < 0x20 || (code >= 0x7f && code <= 0x9f) ? "control character" : undefined);
  return name === undefined ? codePoint(code) : `${codePoint(code)} ${name}`;
}

/** Characters that look like ASCII ones an author meant to type. */
const CONFUSABLES = new Map<string, string>([
  ["\u0430", "a"], ["\u0435", "e"], ["\u043E", "o"], ["\u0440", "p"], ["\u0441", "c"], ["\u0443", "y"],
  ["\u0445", "x"], ["\u0410", "A"], ["\u0415", "E"], ["\u041E", "O"], ["\u0420", "P"], ["\u0421", "C"],
  ["\u03BF", "o"], ["\u03B1", "a"], ["\u039F", "O"], ["\u0391", "A"], ["\u0456", "i"],
  ["\u201C", '"'], ["\u201D", '"'], ["\u2018", "'"], ["\u2019", "'"], ["\u2013", "-"], ["\u2014", "-"],
  ["\u2212", "-"], ["\u00A0", " "], ["\uFF5B", "{"], ["\uFF5D", "}"], ["\uFF1A", ":"], ["\u2192", "->"],
]);

function describeCharacters(chars: string): string {
  const first = chars.codePointAt(0) ?? 0;
  const char = String.fromCodePoint(first);
  const lookalike = CONFUSABLES.get(char);
  let description: string;
  if (first >= 0x21 && first < 0x7f) description = `'${char}'`;
  else if (/[\p{L}\p{N}\p{P}\p{S}]/u.test(char)) {
    description = `'${char}' (${codePoint(first)}${lookalike === undefined ? "" : `, looks like '${lookalike}'`})`;
  } else description = characterName(first);
  const more = [...chars].length - 1;
  return more > 0 ? `${description} and ${more} more` : description;
}

function helpForUnexpected(chars: string): string | undefined {
  const first = String.fromCodePoint(chars.codePointAt(0) ?? 0);
  const lookalike = CONFUSABLES.get(first);
  if (lookalike !== undefined) return `replace it with '${lookalike}'`;
  if (/\p{L}/u.test(first)) return "names are ASCII letters, digits and _; non-ASCII text belongs inside strings";
  return undefined;
}
