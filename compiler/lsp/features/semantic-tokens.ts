/**
 * Semantic tokens: the lexer's tokens (keywords, strings, numbers, comments, operators,
 * annotations) and, for names, what the symbol index resolved them to (a state, a tool, a
 * prompt, a result, a field…), declarations marked. Placeholders inside strings are cut
 * out of the string token. Multi-line tokens are split per line.
 */
import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensLegend } from "vscode-languageserver";
import type { IToken } from "chevrotain";
import { lex } from "../../../language/lexer.ts";
import { MAX_FILE_SIZE } from "../../../language/parse.ts";
import type { SourceFile } from "../../../language/span.ts";
import type { Occurrence, SymbolKind } from "../symbol-index.ts";

const TYPES = ["keyword", "string", "number", "comment", "operator", "type", "class", "function", "macro", "enumMember", "variable", "property", "namespace", "decorator", "parameter"] as const;
type TokenType = (typeof TYPES)[number];
const MODIFIERS = ["declaration", "readonly"] as const;

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = { tokenTypes: [...TYPES], tokenModifiers: [...MODIFIERS] };

const BY_SYMBOL: Readonly<Record<SymbolKind, TokenType>> = {
  agent: "namespace",
  state: "class",
  tool: "function",
  prompt: "macro",
  escalation: "enumMember",
  result: "variable",
  input: "parameter",
  field: "property",
  error: "type",
};

const TYPE_WORDS: ReadonlySet<string> = new Set(["string", "number", "integer", "boolean"]);

interface Piece {
  readonly start: number;
  readonly end: number;
  readonly type: TokenType;
  readonly declaration: boolean;
}

export function semanticTokens(source: SourceFile, occurrences: readonly Occurrence[]): SemanticTokens {
  const builder = new SemanticTokensBuilder();
  if (source.text.length > MAX_FILE_SIZE) return builder.build();
  const lexed = lex(source.path, source.text);
  const names = new Map(occurrences.map((o) => [o.span.start, o]));
  const pieces: Piece[] = [];
  const all = [...lexed.tokens, ...lexed.comments].sort((a, b) => a.startOffset - b.startOffset);
  for (let i = 0; i < all.length; i++) {
    const token = all[i]!;
    const start = token.startOffset;
    const end = start + token.image.length;
    const named = names.get(start);
    if (named !== undefined && named.span.end === end) {
      pieces.push({ start, end, type: BY_SYMBOL[named.kind], declaration: named.declaration });
      continue;
    }
    const type = tokenType(token, all[i - 1]);
    if (type === undefined) continue;
    if (type === "string") pieces.push(...cutOut(start, end, occurrences));
    else pieces.push({ start, end, type, declaration: false });
  }
  for (const piece of pieces) push(builder, source, piece);
  return builder.build();
}

function tokenType(token: IToken, previous: IToken | undefined): TokenType | undefined {
  const name = token.tokenType.name;
  if (name.endsWith("Comment")) return "comment";
  if (name.includes("String") || name === "StringLit") return "string";
  if (name === "NumberLit" || name === "Duration" || name === "Percent" || name === "VersionTag") return "number";
  if (name === "Arrow" || ["Eq", "NotEq", "LtEq", "GtEq", "Lt", "Gt"].includes(name)) return "operator";
  if (previous?.image === "@" && previous.startOffset + 1 === token.startOffset) return "decorator";
  if (name === "At") return "decorator";
  if (name.startsWith("Kw_")) return TYPE_WORDS.has(token.image) ? "type" : "keyword";
  return undefined;
}

/** A string token with the names inside its placeholders cut out. */
function cutOut(start: number, end: number, occurrences: readonly Occurrence[]): Piece[] {
  const inside = occurrences.filter((o) => o.span.start >= start && o.span.end <= end).sort((a, b) => a.span.start - b.span.start);
  const out: Piece[] = [];
  let at = start;
  for (const o of inside) {
    if (o.span.start > at) out.push({ start: at, end: o.span.start, type: "string", declaration: false });
    out.push({ start: o.span.start, end: o.span.end, type: BY_SYMBOL[o.kind], declaration: false });
    at = o.span.end;
  }
  if (at < end) out.push({ start: at, end, type: "string", declaration: false });
  return out;
}

function push(builder: SemanticTokensBuilder, source: SourceFile, piece: Piece): void {
  const type = TYPES.indexOf(piece.type);
  const modifiers = piece.declaration ? 1 : 0;
  const first = source.positionAt(piece.start);
  const last = source.positionAt(piece.end);
  for (let line = first.line; line <= last.line; line++) {
    const from = line === first.line ? first.character : 0;
    const to = line === last.line ? last.character : source.lineEnd(line) - source.lineStarts[line]!;
    if (to > from) builder.push(line, from, to - from, type, modifiers);
  }
}
