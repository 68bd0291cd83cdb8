/**
 * Document symbols (the outline: the agent, its records, tools, prompts, escalation
 * targets, examples and states) and workspace symbols (declarations of every project,
 * matched by a case-insensitive subsequence of the query), both read off the AST.
 */
import { SymbolKind, type DocumentSymbol, type Range, type WorkspaceSymbol } from "vscode-languageserver";
import type * as A from "../../../language/ast.ts";
import type { SourceFile, Span } from "../../../language/span.ts";
import type { Analysis } from "../analysis.ts";
import { toRange } from "../convert.ts";
import type { Declaration } from "../symbol-index.ts";
import { declarationSpan } from "./navigation.ts";

const MAX_WORKSPACE_SYMBOLS = 500;

export function documentSymbols(analysis: Analysis, path: string): DocumentSymbol[] {
  const file = analysis.file(path);
  if (file === undefined) return [];
  const source = file.parse.source;
  const ast = file.parse.file;
  const tools = ast.tools.map((t) => toolSymbol(source, t));
  const agent = ast.agent;
  if (agent === undefined) return tools;
  const children: DocumentSymbol[] = [];
  for (const member of agent.members) {
    const child = memberSymbol(source, member);
    if (child !== undefined) children.push(child);
  }
  return [...tools, symbol(source, agent.name.name || "agent", "agent", SymbolKind.Module, agent.span, agent.name.span, children)];
}

function memberSymbol(source: SourceFile, member: A.AgentMember): DocumentSymbol | undefined {
  switch (member.kind) {
    case "RecordDecl":
      return symbol(source, member.which, undefined, SymbolKind.Struct, member.span, member.span, fieldSymbols(source, member.type));
    case "ToolDecl":
      return toolSymbol(source, member);
    case "PromptDecl":
      return symbol(source, member.name.name, `v${member.version}`, SymbolKind.String, member.span, member.name.span);
    case "EscalationDecl":
      return symbol(source, member.name.name, member.description?.value, SymbolKind.Constant, member.span, member.name.span);
    case "ExampleDecl":
      return symbol(source, `example ${JSON.stringify(member.name.value)}`, undefined, SymbolKind.Object, member.span, member.name.span);
    case "StateDecl":
      return symbol(source, member.name.name, member.description?.value, SymbolKind.Class, member.span, member.name.span);
    default:
      return undefined;
  }
}

function toolSymbol(source: SourceFile, tool: A.ToolDecl): DocumentSymbol {
  const children = tool.clauses.flatMap((c) => (c.kind === "ToolSchemaClause" ? [symbol(source, c.which, undefined, SymbolKind.Struct, c.span, c.span, fieldSymbols(source, c.type))] : []));
  return symbol(source, tool.name.name, tool.description?.value, SymbolKind.Function, tool.span, tool.name.span, children);
}

function fieldSymbols(source: SourceFile, record: A.RecordType): DocumentSymbol[] {
  return record.fields.map((f) => symbol(source, f.name.name, undefined, SymbolKind.Field, f.span, f.name.span));
}

function symbol(source: SourceFile, name: string, detail: string | undefined, kind: SymbolKind, span: Span, selection: Span, children?: DocumentSymbol[]): DocumentSymbol {
  const range = toRange(source, span);
  const inside = selection.start >= span.start && selection.end <= span.end && name !== "";
  const selectionRange: Range = inside ? toRange(source, selection) : { start: range.start, end: range.start };
  return { name: name === "" ? "(unnamed)" : name, kind, range, selectionRange, ...(detail === undefined ? {} : { detail }), ...(children === undefined ? {} : { children }) };
}

const WORKSPACE_KINDS: Partial<Record<Declaration["kind"], SymbolKind>> = {
  agent: SymbolKind.Module,
  state: SymbolKind.Class,
  tool: SymbolKind.Function,
  prompt: SymbolKind.String,
  escalation: SymbolKind.Constant,
};

export function workspaceSymbols(projects: readonly Analysis[], query: string, uriOf: (path: string) => string, cancelled: () => boolean): WorkspaceSymbol[] {
  const out: WorkspaceSymbol[] = [];
  const seen = new Set<string>();
  for (const project of projects) {
    if (cancelled()) break;
    for (const [key, declaration] of project.index.declarations) {
      const kind = WORKSPACE_KINDS[declaration.kind];
      if (kind === undefined || seen.has(key)) continue;
      const name = declaration.kind === "result" || declaration.kind === "input" ? "" : declaration.node.name.name;
      if (name === "" || !matches(name, query)) continue;
      const source = project.file(declaration.file)?.parse.source;
      if (source === undefined) continue;
      seen.add(key);
      const agent = project.file(declaration.file)?.parse.file.agent?.name.name;
      out.push({
        name,
        kind,
        location: { uri: uriOf(declaration.file), range: toRange(source, declarationSpan(declaration)) },
        ...(agent === undefined || declaration.kind === "agent" ? {} : { containerName: agent }),
      });
      if (out.length >= MAX_WORKSPACE_SYMBOLS) return out;
    }
  }
  return out;
}

function matches(name: string, query: string): boolean {
  const lower = name.toLowerCase();
  let i = 0;
  for (const c of query.toLowerCase()) {
    i = lower.indexOf(c, i);
    if (i < 0) return false;
    i++;
  }
  return true;
}
