/**
 * Where the cursor is, syntactically, in a document that is usually half-typed: the
 * innermost open `{` before it (an agent, tool or state body, a record type or a record
 * literal) and the words just before it. Read from the lexer's tokens, so it works when
 * the parser had to drop the very construct being typed.
 */
import type { IToken } from "chevrotain";
import { lex } from "../../language/lexer.ts";

export type BlockKind = "top" | "agent" | "tool" | "state" | "recordType" | "recordLiteral" | "list";

export interface SyntaxContext {
  /** The innermost enclosing block. */
  readonly block: BlockKind;
  /** The name of the enclosing state (or tool), when inside one. */
  readonly stateName: string | undefined;
  readonly toolName: string | undefined;
  /** The tokens before the cursor on the same statement (from the block's start), last last. */
  readonly before: readonly string[];
  /** The cursor is inside a string. */
  readonly inString: boolean;
  /** The cursor is inside a comment. */
  readonly inComment: boolean;
}

/** Text longer than this is not lexed for completion (the parser refuses it anyway). */
const MAX_CONTEXT_TEXT = 4 * 1024 * 1024;

export function syntaxContextAt(text: string, offset: number): SyntaxContext {
  if (text.length > MAX_CONTEXT_TEXT) return { block: "top", stateName: undefined, toolName: undefined, before: [], inString: false, inComment: false };
  const head = text.slice(0, offset);
  const lexed = lex("context.agent", head);
  const tokens = lexed.tokens;
  const last = tokens.at(-1);
  const comment = lexed.comments.at(-1);
  const inComment = comment !== undefined && comment.startOffset + comment.image.length >= offset && !(comment.image.startsWith("/*") && comment.image.length >= 4 && comment.image.endsWith("*/"));
  const inString = last !== undefined && isString(last) && last.startOffset + last.image.length >= offset && !closedString(last.image);
  const stack: { kind: BlockKind; name: string | undefined; at: number }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const image = tokens[i]!.image;
    if (image === "{" || image === "[" || image === "(") stack.push({ ...classify(tokens, i), at: i });
    else if ((image === "}" || image === "]" || image === ")") && stack.length > 0) stack.pop();
  }
  const top = stack.at(-1);
  const state = [...stack].reverse().find((b) => b.kind === "state");
  const tool = [...stack].reverse().find((b) => b.kind === "tool");
  const from = top === undefined ? 0 : top.at + 1;
  const before = tokens.slice(Math.max(from, tokens.length - 12)).map((t) => t.image);
  return { block: top?.kind ?? "top", stateName: state?.name, toolName: tool?.name, before, inString, inComment };
}

function classify(tokens: readonly IToken[], open: number): { kind: BlockKind; name: string | undefined } {
  if (tokens[open]!.image !== "{") return { kind: "list", name: undefined };
  // `state name "desc"? {`, `tool name "desc"? {`, `agent Name "desc"? {`
  let i = open - 1;
  if (i >= 0 && isString(tokens[i]!)) i--;
  const name = tokens[i]?.image;
  const keyword = tokens[i - 1]?.image;
  if (keyword === "state" || keyword === "tool" || keyword === "agent") return { kind: keyword, name };
  const previous = tokens[open - 1]?.image;
  if (previous === ":" || previous === "input" || previous === "output" || previous === "until") return { kind: "recordType", name: undefined };
  return { kind: "recordLiteral", name: undefined };
}

function isString(token: IToken): boolean {
  return token.image.startsWith('"');
}

function closedString(image: string): boolean {
  if (image.startsWith('"""')) return image.length >= 6 && image.endsWith('"""');
  return image.length >= 2 && image.endsWith('"') && !image.endsWith('\\"');
}
