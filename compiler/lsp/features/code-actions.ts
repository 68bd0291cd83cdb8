/**
 * Quick fixes for diagnostics the checker reported (matched by code and range against the
 * current analysis, so a stale diagnostic gets no fix): add the missing `else` (AGC3009),
 * add an idempotency key (AGC3011), handle an unhandled tool error (AGC3014, from the
 * diagnostic's `data`), add a missing tool argument (AGC3003) and remove an unused prompt
 * (AGC3016). Each fix is a text insertion next to the node the diagnostic points at.
 */
import { CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic, type TextEdit } from "vscode-languageserver";
import type * as A from "../../../language/ast.ts";
import type { Diagnostic } from "../../../language/diagnostics/diagnostic.ts";
import type { SourceFile, Span } from "../../../language/span.ts";
import type { AgentSymbols } from "../../resolve/symbols.ts";
import { isScalar, stripOptional, recordFromAst } from "../../resolve/types.ts";
import type { Analysis } from "../analysis.ts";
import { sameRange, toLspDiagnostic, toRange } from "../convert.ts";

interface FixContext {
  readonly source: SourceFile;
  readonly ast: A.AgentFile;
  readonly symbols: AgentSymbols | undefined;
  readonly diagnostic: Diagnostic;
}

type Fix = (context: FixContext) => { title: string; edits: TextEdit[] }[];

const FIXES: Readonly<Record<string, Fix>> = {
  AGC3009: addElse,
  AGC3011: addIdempotencyKey,
  AGC3014: handleToolError,
  AGC3003: addToolArgument,
  AGC3016: removePrompt,
};

export function codeActions(analysis: Analysis, path: string, uri: string, requested: readonly LspDiagnostic[]): CodeAction[] {
  const file = analysis.file(path);
  if (file === undefined) return [];
  const source = file.parse.source;
  const ours = analysis.check.diagnostics.filter((d) => d.file === path && FIXES[d.code] !== undefined);
  const actions: CodeAction[] = [];
  for (const wanted of requested) {
    const diagnostic = ours.find((d) => d.code === wanted.code && sameRange(toRange(source, d.span), wanted.range));
    if (diagnostic === undefined) continue;
    const context: FixContext = { source, ast: file.parse.file, symbols: analysis.symbols(path), diagnostic };
    for (const fix of FIXES[diagnostic.code]!(context)) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [toLspDiagnostic(diagnostic, source, () => undefined)],
        isPreferred: actions.length === 0,
        edit: { changes: { [uri]: fix.edits } },
      });
    }
  }
  return actions;
}

/** AGC3009: `else -> escalate <first target> "…"` after the state's last transition. */
function addElse({ source, ast, symbols, diagnostic }: FixContext): { title: string; edits: TextEdit[] }[] {
  const state = stateAround(ast, diagnostic.span);
  const last = state?.transitions.at(-1);
  if (state === undefined || last === undefined) return [];
  const text = `else -> ${fallbackTarget(symbols, `no condition held in state ${state.name.name}`)}`;
  return [{ title: "Add the missing `else`", edits: [insertLineAfter(source, last.span, text)] }];
}

/** AGC3011: ` idempotent by <input field>` after the effect, preferring an id-like field. */
function addIdempotencyKey({ source, ast, diagnostic }: FixContext): { title: string; edits: TextEdit[] }[] {
  const tool = toolsOf(ast).find((t) => contains(t.span, diagnostic.span));
  const clause = tool?.clauses.find((c): c is A.ToolSchemaClause => c.kind === "ToolSchemaClause" && c.which === "input");
  const input = stripOptional(recordFromAst(clause?.type));
  if (input.kind !== "record") return [];
  const candidates = [...input.fields].filter(([, f]) => !f.optional && isScalar(f.type)).map(([name]) => name);
  const key = candidates.find((n) => /id$/i.test(n)) ?? candidates[0];
  if (key === undefined) return [];
  const at = source.positionAt(diagnostic.span.end);
  return [{ title: `Add idempotency key \`${key}\``, edits: [{ range: { start: at, end: at }, newText: ` idempotent by ${key}` }] }];
}

/** AGC3014: `on <Error> -> escalate …` for the one error, or `on error -> …` for all of them. */
function handleToolError({ source, ast, symbols, diagnostic }: FixContext): { title: string; edits: TextEdit[] }[] {
  const error = typeof diagnostic.data?.["error"] === "string" ? diagnostic.data["error"] : undefined;
  const tool = typeof diagnostic.data?.["tool"] === "string" ? diagnostic.data["tool"] : "the tool";
  const state = stateAround(ast, diagnostic.span);
  const action = state?.actions.find((a) => contains(a.span, diagnostic.span));
  if (error === undefined || state === undefined || action === undefined) return [];
  return [
    { title: `Handle error ${error}`, edits: [insertLineAfter(source, action.span, `on ${error} -> ${fallbackTarget(symbols, `${tool} failed: ${error}`)}`)] },
    { title: "Handle every error with `on error`", edits: [insertLineAfter(source, action.span, `on error -> ${fallbackTarget(symbols, `${tool} failed`)}`)] },
  ];
}

/** AGC3003: `name: <value>` added to the call's arguments (an input field of the same name when there is one). */
function addToolArgument({ source, ast, symbols, diagnostic }: FixContext): { title: string; edits: TextEdit[] }[] {
  const missing = typeof diagnostic.data?.["missing"] === "string" ? diagnostic.data["missing"] : undefined;
  const state = stateAround(ast, diagnostic.span);
  const call = state?.actions.find((a): a is A.CallAction => a.kind === "CallAction" && contains(a.span, diagnostic.span));
  if (missing === undefined || call === undefined || call.args.span.end <= call.args.span.start) return [];
  const input = symbols === undefined ? undefined : stripOptional(symbols.input);
  const value = input?.kind === "record" && input.fields.has(missing) ? `input.${missing}` : '""';
  const last = call.args.fields.at(-1);
  const closing = call.args.span.end - 1;
  const between = last === undefined ? "" : source.text.slice(last.span.end, closing);
  const insertAt = last === undefined ? closing : last.span.end;
  const newText = last === undefined ? ` ${missing}: ${value} ` : `${between.trimStart().startsWith(",") ? "" : ","} ${missing}: ${value}`;
  const position = source.positionAt(insertAt);
  return [{ title: `Add argument \`${missing}\``, edits: [{ range: { start: position, end: position }, newText }] }];
}

/** AGC3016: delete the unused prompt's lines. */
function removePrompt({ source, ast, diagnostic }: FixContext): { title: string; edits: TextEdit[] }[] {
  const prompt = ast.agent?.members.find((m): m is A.PromptDecl => m.kind === "PromptDecl" && contains(m.span, diagnostic.span));
  if (prompt === undefined) return [];
  const startLine = source.positionAt(prompt.span.start).line;
  const endLine = source.positionAt(prompt.span.end).line;
  return [{ title: `Remove unused prompt ${prompt.name.name}`, edits: [{ range: { start: { line: startLine, character: 0 }, end: { line: endLine + 1, character: 0 } }, newText: "" }] }];
}

function fallbackTarget(symbols: AgentSymbols | undefined, reason: string): string {
  const target = symbols?.escalations.keys().next().value;
  return target === undefined ? `reply ${JSON.stringify(reason)}` : `escalate ${target} ${JSON.stringify(reason)}`;
}

/** A new line after the node, indented like the line the node starts on. */
function insertLineAfter(source: SourceFile, span: Span, text: string): TextEdit {
  const line = source.positionAt(span.start).line;
  const indent = /^[ \t]*/.exec(source.lineText(line))?.[0] ?? "";
  const at = source.positionAt(span.end);
  return { range: { start: at, end: at }, newText: `\n${indent}${text}` };
}

function stateAround(ast: A.AgentFile, span: Span): A.StateDecl | undefined {
  return ast.agent?.members.find((m): m is A.StateDecl => m.kind === "StateDecl" && contains(m.span, span));
}

function toolsOf(ast: A.AgentFile): A.ToolDecl[] {
  return [...ast.tools, ...(ast.agent?.members.filter((m): m is A.ToolDecl => m.kind === "ToolDecl") ?? [])];
}

function contains(outer: Span, inner: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}
