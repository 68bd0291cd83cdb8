/**
 * Rename of states, tools, prompts, escalation targets, step results, fields and tool
 * errors, across every file of the project. A new name must be a name the grammar reads
 * as one, and the renamed project must not gain a syntax error or a name clash: the
 * renamed texts are checked by the compiler and any new duplicate or reserved-name
 * diagnostic refuses the rename with its message.
 */
import { ErrorCodes, ResponseError, type Range, type TextEdit, type WorkspaceEdit } from "vscode-languageserver";
import type { Diagnostic } from "../../../language/diagnostics/diagnostic.ts";
import type { Span } from "../../../language/span.ts";
import { checkWorkspace } from "../../check.ts";
import { loadWorkspace } from "../../workspace.ts";
import type { Analysis } from "../analysis.ts";
import { toRange } from "../convert.ts";
import { occurrenceAt, type Occurrence, type SymbolKind } from "../symbol-index.ts";

const RENAMEABLE: ReadonlySet<SymbolKind> = new Set(["state", "tool", "prompt", "escalation", "result", "field", "error"]);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Diagnostics a rename must not introduce: clashes, syntax errors, and names left dangling. */
const CLASH_CODES: ReadonlySet<string> = new Set(["AGC1001", "AGC1004", "AGC2001", "AGC2003", "AGC2004", "AGC2005", "AGC2006", "AGC2007", "AGC2008", "AGC2014", "AGC2018", "AGC2019", "AGC3003", "AGC3004", "AGC3006", "AGC3032"]);

export function prepareRename(project: Analysis, path: string, offset: number): { range: Range; placeholder: string } {
  const occurrence = renameable(project, path, offset);
  const source = project.file(path)!.parse.source;
  return { range: toRange(source, occurrence.span), placeholder: occurrence.name };
}

export function rename(project: Analysis, path: string, offset: number, newName: string, uriOf: (path: string) => string): WorkspaceEdit {
  const occurrence = renameable(project, path, offset);
  if (!NAME.test(newName)) throw refuse(`"${newName}" is not a name: names are letters, digits and _, not starting with a digit`);
  if (newName === occurrence.name) return { changes: {} };
  const occurrences = project.index.byKey.get(occurrence.key) ?? [];
  if (occurrence.kind === "result" && project.symbols(occurrence.file)?.results.has(newName)) throw refuse(`a step result named "${newName}" already exists`);
  const edits = new Map<string, Span[]>();
  for (const o of occurrences) edits.set(o.file, [...(edits.get(o.file) ?? []), o.span]);
  refuseNewProblems(project, edits, newName);
  const changes: Record<string, TextEdit[]> = {};
  for (const [file, spans] of edits) {
    const source = project.file(file)!.parse.source;
    changes[uriOf(file)] = spans.map((span) => ({ range: toRange(source, span), newText: newName }));
  }
  return { changes };
}

function renameable(project: Analysis, path: string, offset: number): Occurrence {
  const occurrence = project.file(path) === undefined ? undefined : occurrenceAt(project.index, path, offset);
  if (occurrence === undefined || !RENAMEABLE.has(occurrence.kind)) throw refuse("only states, tools, prompts, escalation targets, results, fields and tool errors can be renamed");
  return occurrence;
}

/** Re-checks the project with the renamed texts; a new clash or syntax error refuses the rename. */
function refuseNewProblems(project: Analysis, edits: ReadonlyMap<string, readonly Span[]>, newName: string): void {
  const texts = new Map<string, string>();
  for (const file of project.workspace.files.values()) {
    const spans = [...(edits.get(file.path) ?? [])].sort((a, b) => b.start - a.start);
    let text = file.parse.source.text;
    for (const span of spans) text = text.slice(0, span.start) + newName + text.slice(span.end);
    texts.set(file.absolutePath, text);
  }
  const entries = [...project.workspace.files.values()].filter((f) => f.entry).map((f) => f.path);
  const after = checkWorkspace(loadWorkspace(entries, { root: project.workspace.root, texts }));
  const count = (list: readonly Diagnostic[]): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const d of list) if (CLASH_CODES.has(d.code)) counts.set(`${d.file}|${d.code}`, (counts.get(`${d.file}|${d.code}`) ?? 0) + 1);
    return counts;
  };
  const before = count(project.check.diagnostics);
  const seen = new Map<string, number>();
  for (const d of after.diagnostics) {
    if (!CLASH_CODES.has(d.code)) continue;
    const key = `${d.file}|${d.code}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    if (seen.get(key)! > (before.get(key) ?? 0)) throw refuse(`cannot rename to "${newName}": ${d.message}`);
  }
}

function refuse(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidRequest, message);
}
