/**
 * Every token of the .agent language, declared once. Keywords are contextual: the lexer
 * reads every word as `Identifier` and `lexer.ts` then retypes reserved words by a map
 * lookup (cheaper than one regex per keyword). Every keyword also belongs to the `Name`
 * category, so a field, a tool or a state may be called `status`, `input` or `cost`.
 */
import { createToken, Lexer, type TokenType } from "chevrotain";

/** Matches any word: an identifier or a keyword. Used wherever a name is expected. */
export const Name = createToken({ name: "Name", pattern: Lexer.NA, label: "a name" });

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED, line_breaks: true });
export const LineComment = createToken({ name: "LineComment", pattern: /\/\/[^\r\n]*/, group: "comments" });
export const BlockComment = createToken({ name: "BlockComment", pattern: /\/\*[\s\S]*?\*\//, group: "comments", line_breaks: true });
/** An unterminated `/*` runs to the end of the file; the lexer reports AGC1003. */
export const UnterminatedBlockComment = createToken({
  name: "UnterminatedBlockComment",
  pattern: /\/\*[\s\S]*/,
  group: "comments",
  line_breaks: true,
});

export const StringLit = createToken({ name: "StringLit", pattern: /"[^"\\\r\n]*(?:\\[^\r\n][^"\\\r\n]*)*"/, label: "a string" });
export const BlockString = createToken({ name: "BlockString", pattern: /"""[\s\S]*?"""/, line_breaks: true, label: 'a """block string"""' });
/** Unterminated strings still reach the parser (as strings) so recovery stays local; AGC1002. */
export const UnterminatedBlockString = createToken({
  name: "UnterminatedBlockString",
  pattern: /"""[\s\S]*/,
  line_breaks: true,
  categories: [BlockString],
});
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  pattern: /"[^"\\\r\n]*(?:\\[^\r\n][^"\\\r\n]*)*\\?/,
  categories: [StringLit],
});

export const Duration = createToken({
  name: "Duration",
  pattern: /\d+(?:\.\d+)?(?:ms|s|m|h|d)(?![A-Za-z0-9_])/,
  start_chars_hint: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
  label: "a duration (e.g. 30s)",
});
export const Percent = createToken({ name: "Percent", pattern: /\d+(?:\.\d+)?%/, label: "a percentage (e.g. 10%)" });
export const NumberLit = createToken({
  name: "NumberLit",
  pattern: /-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/,
  label: "a number",
});
export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/, categories: [Name], label: "a name" });

/** `and`, `or` and the comparisons: the parser reads operator chains flat. */
export const BinaryOp = createToken({ name: "BinaryOp", pattern: Lexer.NA, label: "an operator" });

export const Arrow = createToken({ name: "Arrow", pattern: /->/, label: "'->'" });
export const Eq = createToken({ name: "Eq", pattern: /==/, label: "'=='", categories: [BinaryOp] });
export const NotEq = createToken({ name: "NotEq", pattern: /!=/, label: "'!='", categories: [BinaryOp] });
export const LtEq = createToken({ name: "LtEq", pattern: /<=/, label: "'<='", categories: [BinaryOp] });
export const GtEq = createToken({ name: "GtEq", pattern: />=/, label: "'>='", categories: [BinaryOp] });
export const Lt = createToken({ name: "Lt", pattern: /</, label: "'<'", categories: [BinaryOp] });
export const Gt = createToken({ name: "Gt", pattern: />/, label: "'>'", categories: [BinaryOp] });
export const LCurly = createToken({ name: "LCurly", pattern: /\{/, label: "'{'" });
export const RCurly = createToken({ name: "RCurly", pattern: /\}/, label: "'}'" });
export const LBracket = createToken({ name: "LBracket", pattern: /\[/, label: "'['" });
export const RBracket = createToken({ name: "RBracket", pattern: /\]/, label: "']'" });
export const LParen = createToken({ name: "LParen", pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: "RParen", pattern: /\)/, label: "')'" });
export const Comma = createToken({ name: "Comma", pattern: /,/, label: "','" });
export const Colon = createToken({ name: "Colon", pattern: /:/, label: "':'" });
export const Dot = createToken({ name: "Dot", pattern: /\./, label: "'.'" });
export const Question = createToken({ name: "Question", pattern: /\?/, label: "'?'" });
export const Pipe = createToken({ name: "Pipe", pattern: /\|/, label: "'|'" });
export const At = createToken({ name: "At", pattern: /@/, label: "'@'" });

function keyword(word: string): TokenType {
  const categories = word === "and" || word === "or" ? [Name, BinaryOp] : [Name];
  return createToken({ name: `Kw_${word}`, pattern: Lexer.NA, categories, label: `'${word}'` });
}

const KEYWORD_WORDS = [
  "agent", "import", "from", "version", "input", "output", "model", "primary", "fallback",
  "maxTokens", "temperature", "budget", "tokens", "cost", "steps", "time", "usd",
  "escalation", "alert", "tool", "errors", "retryable", "effects", "none", "read", "write",
  "payment", "idempotent", "by", "timeout", "retry", "exponential", "fixed", "breaker",
  "failures", "in", "cooldown", "rate", "per", "calls", "prompt", "example", "start", "state",
  "visits", "at", "most", "ask", "as", "call", "use", "tools", "with", "until", "turns",
  "await", "human", "reply", "escalate", "when", "else", "on", "error", "exhausted", "unreachable", "and", "or",
  "not", "true", "false", "string", "number", "integer", "boolean", "test", "expect", "path",
] as const;
export type KeywordWord = (typeof KEYWORD_WORDS)[number];

/** Keyword token types by their word. */
export const KW: { readonly [W in KeywordWord]: TokenType } = Object.fromEntries(
  KEYWORD_WORDS.map((w) => [w, keyword(w)]),
) as { [W in KeywordWord]: TokenType };

/** Word → keyword token type, for the lexer's retyping pass. */
export const KEYWORDS: ReadonlyMap<string, TokenType> = new Map(KEYWORD_WORDS.map((w) => [w, KW[w]]));

/** `v3` in `prompt judge v3`: an identifier-shaped word retyped by the lexer. */
export const VersionTag = createToken({ name: "VersionTag", pattern: Lexer.NA, categories: [Name], label: "a version (e.g. v1)" });

/** Lexing order matters: longer and more specific patterns first. */
export const lexedTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedBlockComment,
  BlockString,
  UnterminatedBlockString,
  StringLit,
  UnterminatedString,
  Duration,
  Percent,
  Arrow,
  NumberLit,
  Identifier,
  Eq,
  NotEq,
  LtEq,
  GtEq,
  Lt,
  Gt,
  LCurly,
  RCurly,
  LBracket,
  RBracket,
  LParen,
  RParen,
  Comma,
  Colon,
  Dot,
  Question,
  Pipe,
  At,
];

/** Every token type the parser knows (lexed ones, categories and retyped keywords). */
export const allTokens: TokenType[] = [...lexedTokens, Name, BinaryOp, VersionTag, ...Object.values(KW)];
