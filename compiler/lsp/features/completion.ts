/**
 * Completion: keywords that can start a statement in the enclosing block, the names a
 * position expects (states after `->`, tools after `call`, prompts after `ask`, escalation
 * targets after `escalate`, a called tool's named errors after `on`), the fields of a
 * typed result after `.` (typed by the compiler's `resolvePath`), and result names where an
 * expression or a placeholder goes. A broken document gets whatever can still be offered.
 */
import { CompletionItemKind, type CompletionItem } from "vscode-languageserver";
import type { AgentSymbols } from "../../resolve/symbols.ts";
import { resolvePath } from "../../resolve/expressions.ts";
import { stripOptional, typeToString, type Type } from "../../resolve/types.ts";
import type * as A from "../../../language/ast.ts";
import { syntaxContextAt, type BlockKind, type SyntaxContext } from "../syntax-context.ts";

const BLOCK_KEYWORDS: Readonly<Record<BlockKind, readonly string[]>> = {
  top: ["agent", "import", "tool"],
  agent: ["version", "input", "output", "model", "budget", "escalation", "alert", "tool", "prompt", "example", "test", "start", "state"],
  tool: ["input", "output", "errors", "effects", "timeout", "retry", "breaker", "rate", "calls", "cost"],
  state: ["ask", "call", "use tools", "await human", "reply", "escalate", "when", "else", "on", "visits at most"],
  recordType: [],
  recordLiteral: [],
  list: [],
};

const TYPES = ["string", "number", "integer", "boolean"];
const ANNOTATIONS = ["pii", "min", "max", "minLength", "maxLength", "pattern"];
const EFFECTS = ["none", "read", "write", "payment"];
const ALERT_METRICS = ["stepsPerCompletion", "escalationRate", "toolFailureRate", "p95Latency", "tokensPerDay", "costPerDay"];
const MODEL_OPTIONS = ["primary", "fallback", "maxTokens", "temperature"];
const BUDGET_ITEMS = ["tokens", "cost", "steps", "time"];
const TRIGGERS = ["error", "timeout", "exhausted"];

export function complete(text: string, offset: number, symbols: AgentSymbols | undefined): CompletionItem[] {
  const head = text.slice(Math.max(0, offset - 4000), offset);
  const word = /[A-Za-z_][A-Za-z0-9_]*$/.exec(head)?.[0] ?? "";
  const before = head.slice(0, head.length - word.length);
  const context = syntaxContextAt(text, offset - word.length);
  return dedupe(itemsFor(before, context, symbols));
}

function itemsFor(before: string, context: SyntaxContext, symbols: AgentSymbols | undefined): CompletionItem[] {
  const line = before.slice(before.lastIndexOf("\n") + 1);
  if (context.inComment) return [];
  const placeholder = context.inString && openPlaceholder(before);
  const dotted = /([A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*)\s*\.\s*$/.exec(before);
  if (dotted !== null && (placeholder || !context.inString)) return fieldItems(dotted[1]!.replace(/\s+/g, ""), symbols);
  if (placeholder) return scopeItems(symbols);
  if (context.inString) return [];
  if (/@$/.test(before)) return ANNOTATIONS.map((a) => keyword(a, "annotation"));
  if (/->\s*$/.test(before)) return [...stateItems(symbols), keyword("reply"), keyword("escalate")];
  if (/\bon\s+$/.test(before)) return [...errorItems(context, symbols), ...TRIGGERS.map((t) => keyword(t))];
  if (/\bcall\s+$/.test(before) || (context.block === "list" && /\btools\s*\[[^\]]*$/.test(before))) return toolItems(symbols);
  if (/\bask\s+$/.test(before) || /\bwith\s+prompt\s+$/.test(before)) return promptItems(symbols);
  if (/\bwith\s+$/.test(before) && /\btools\s*\[/.test(line)) return [keyword("prompt")];
  if (/\bstart\s+$/.test(before)) return stateItems(symbols);
  if (/\bescalate\s+$/.test(before) || /\bhuman\s+$/.test(before)) return escalationItems(symbols);
  if (/\bawait\s+$/.test(before)) return [keyword("human")];
  if (/\buse\s+$/.test(before)) return [keyword("tools")];
  if (/\beffects\s+$/.test(before)) return EFFECTS.map((e) => keyword(e));
  if (/\beffects\s+(?:write|payment)\s+$/.test(before)) return [keyword("idempotent by")];
  if (/\bidempotent\s+by\s+(?:[A-Za-z_][\w.]*\s*,\s*)*$/.test(before)) return toolInputItems(context, symbols);
  if (/\balert\s+$/.test(before)) return ALERT_METRICS.map((m) => keyword(m, "alert metric"));
  if (/\bretry\s+$/.test(before)) return [keyword("none")];
  if (/\bretry\s+\d+\s+$/.test(before)) return [keyword("exponential"), keyword("fixed")];
  if (/^\s*model\b[^\n]*\s$/.test(line)) return MODEL_OPTIONS.map((o) => keyword(o));
  if (/^\s*budget\b[^\n]*(?:^|,)\s*$/.test(line) || /^\s*budget\s+$/.test(line)) return BUDGET_ITEMS.map((o) => keyword(o));
  if (isTypePosition(before, context)) return [...TYPES.map((t) => keyword(t, "type"))];
  if (isExpressionPosition(before, line, context)) return [...scopeItems(symbols), keyword("not"), keyword("true"), keyword("false")];
  if (context.block === "recordLiteral" || context.block === "recordType") return [];
  return BLOCK_KEYWORDS[context.block].map((k) => keyword(k));
}

function isTypePosition(before: string, context: SyntaxContext): boolean {
  if (context.block === "recordType" && /:\s*$/.test(before)) return true;
  return /\b(?:as|until)\s+[A-Za-z_]\w*\s*:\s*$/.test(before);
}

function isExpressionPosition(before: string, line: string, context: SyntaxContext): boolean {
  if (/\bwhen\s+[^\n]*$/.test(line) && !/->/.test(line)) return true;
  if (/(?:\band|\bor|\bnot|==|!=|<=|>=|<|>)\s*$/.test(before)) return true;
  if (context.block === "recordLiteral" && /:\s*$/.test(before)) return true;
  return /\bwith\s+[^\n]*:\s*$/.test(line);
}

/** Inside a string, after a `{{` that is not closed yet. */
function openPlaceholder(before: string): boolean {
  const open = before.lastIndexOf("{{");
  return open >= 0 && before.indexOf("}}", open) < 0;
}

function fieldItems(path: string, symbols: AgentSymbols | undefined): CompletionItem[] {
  if (symbols === undefined) return [];
  const segments = path.split(".").map((name) => ({ kind: "Identifier" as const, name, span: { start: 0, end: 0 } }));
  const fieldPath: A.FieldPath = { kind: "FieldPath", span: { start: 0, end: 0 }, segments };
  const type = stripOptional(resolvePath(fieldPath, { input: symbols.input, results: symbols.results }, () => {}));
  if (type.kind !== "record") return [];
  return [...type.fields].map(([name, field]) => ({
    label: name,
    kind: CompletionItemKind.Field,
    detail: `${field.optional ? "?" : ""}: ${typeToString(field.type)}`,
  }));
}

function scopeItems(symbols: AgentSymbols | undefined): CompletionItem[] {
  const items: CompletionItem[] = [{ label: "input", kind: CompletionItemKind.Variable, detail: symbols === undefined ? "the agent's input" : typeToString(symbols.input) }];
  for (const result of symbols?.results.values() ?? []) {
    items.push({ label: result.name, kind: CompletionItemKind.Variable, detail: `${typeLabel(result.type)} (set in state ${result.state.name.name})` });
  }
  return items;
}

function stateItems(symbols: AgentSymbols | undefined): CompletionItem[] {
  return [...(symbols?.states.values() ?? [])].map((s) => ({ label: s.name.name, kind: CompletionItemKind.Class, detail: s.description?.value ?? "state" }));
}

function toolItems(symbols: AgentSymbols | undefined): CompletionItem[] {
  return [...(symbols?.tools.values() ?? [])].map((t) => ({ label: t.name, kind: CompletionItemKind.Function, detail: t.decl.description?.value ?? "tool" }));
}

function promptItems(symbols: AgentSymbols | undefined): CompletionItem[] {
  return [...(symbols?.prompts.values() ?? [])].map((p) => ({ label: p.name.name, kind: CompletionItemKind.Text, detail: `prompt v${p.version}` }));
}

function escalationItems(symbols: AgentSymbols | undefined): CompletionItem[] {
  return [...(symbols?.escalations.values() ?? [])].map((e) => ({ label: e.name.name, kind: CompletionItemKind.Reference, detail: e.description?.value ?? "escalation target" }));
}

/** The named errors of the tool the enclosing state calls. */
function errorItems(context: SyntaxContext, symbols: AgentSymbols | undefined): CompletionItem[] {
  const state = context.stateName === undefined ? undefined : symbols?.states.get(context.stateName);
  const call = state?.actions.find((a): a is A.CallAction => a.kind === "CallAction");
  const tool = call === undefined ? undefined : symbols?.tools.get(call.tool.name);
  if (tool === undefined) return [];
  return [...tool.errors.values()].map((e) => ({ label: e.name.name, kind: CompletionItemKind.Event, detail: `error of ${tool.name}${e.retryable ? " (retryable)" : ""}` }));
}

function toolInputItems(context: SyntaxContext, symbols: AgentSymbols | undefined): CompletionItem[] {
  const tool = context.toolName === undefined ? undefined : symbols?.tools.get(context.toolName);
  const input = tool === undefined ? undefined : stripOptional(tool.input);
  if (input?.kind !== "record") return [];
  return [...input.fields].map(([name, field]) => ({ label: name, kind: CompletionItemKind.Field, detail: typeToString(field.type) }));
}

function keyword(label: string, detail?: string): CompletionItem {
  return { label, kind: CompletionItemKind.Keyword, ...(detail === undefined ? {} : { detail }) };
}

function typeLabel(type: Type): string {
  return typeToString(type);
}

function dedupe(items: CompletionItem[]): CompletionItem[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.label) && seen.add(item.label) !== undefined);
}
