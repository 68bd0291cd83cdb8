/**
 * Hover: what the name under the cursor denotes — a state's description, a tool's contract
 * (its declaration as written), a prompt's text and version, the type of a result, a
 * field or a path — followed by the explanation of any diagnostic at the cursor
 * (docs/diagnostics/<CODE>.md).
 */
import type { Hover } from "vscode-languageserver";
import type { Diagnostic } from "../../../language/diagnostics/diagnostic.ts";
import type { SourceFile } from "../../../language/span.ts";
import { typeToString } from "../../resolve/types.ts";
import type { Analysis } from "../analysis.ts";
import { toRange } from "../convert.ts";
import { occurrenceAt, type Declaration, type Occurrence } from "../symbol-index.ts";

export type ExplainCode = (code: string) => string;

export function hover(analysis: Analysis, path: string, offset: number, explain: ExplainCode): Hover | null {
  const file = analysis.file(path);
  if (file === undefined) return null;
  const source = file.parse.source;
  const occurrence = occurrenceAt(analysis.index, path, offset);
  const parts: string[] = [];
  if (occurrence !== undefined) {
    const text = describe(analysis, occurrence);
    if (text !== undefined) parts.push(text);
  }
  const here = analysis.check.diagnostics.filter((d) => d.file === path && touches(d, offset));
  for (const d of dedupeCodes(here)) parts.push(`**${d.code}**: ${d.message}\n\n${explain(d.code)}`);
  if (parts.length === 0) return null;
  const span = occurrence?.span ?? here[0]?.span;
  return { contents: { kind: "markdown", value: parts.join("\n\n---\n\n") }, ...(span === undefined ? {} : { range: toRange(source, span) }) };
}

function describe(analysis: Analysis, occurrence: Occurrence): string | undefined {
  const declaration = analysis.index.declarations.get(occurrence.key);
  if (declaration === undefined) return occurrence.type === undefined ? undefined : code(`${occurrence.name}: ${typeToString(occurrence.type)}`);
  const sourceOf = (file: string): SourceFile | undefined => analysis.file(file)?.parse.source;
  return describeDeclaration(declaration, occurrence, sourceOf);
}

function describeDeclaration(d: Declaration, occurrence: Occurrence, sourceOf: (file: string) => SourceFile | undefined): string {
  switch (d.kind) {
    case "agent":
      return `${code(`agent ${d.node.name.name}`)}${d.node.description === undefined ? "" : `\n\n${d.node.description.value}`}`;
    case "state": {
      const action = d.node.actions[0];
      const does = action === undefined ? "" : `\n\n${actionSummary(action, sourceOf(d.file))}`;
      return `${code(`state ${d.node.name.name}`)}${d.node.description === undefined ? "" : `\n\n${d.node.description.value}`}${does}`;
    }
    case "tool": {
      const source = sourceOf(d.file);
      const text = source === undefined ? `tool ${d.node.name.name}` : source.text.slice(d.node.span.start, d.node.span.end);
      const where = d.file === occurrence.file ? "" : `\n\nDeclared in \`${baseName(d.file)}\`.`;
      return `${code(text)}${where}`;
    }
    case "prompt":
      return `${code(`prompt ${d.node.name.name} v${d.node.version}`)}\n\n${code(d.node.body.raw.replace(/^\n/, ""), "text")}`;
    case "escalation":
      return `${code(`escalation ${d.node.name.name}`)}${d.node.description === undefined ? "" : `\n\n${d.node.description.value}`}`;
    case "result":
      return `${code(`${d.node.name}: ${typeToString(d.type)}`)}\n\nSet by state \`${d.state.name.name}\`.`;
    case "field": {
      const type = occurrence.type === undefined ? "" : `: ${typeToString(occurrence.type)}`;
      return `${code(`${d.node.name.name}${type}`)}\n\nField of the ${d.owner}.`;
    }
    case "error":
      return `${code(`error ${d.node.name.name}${d.node.retryable ? " retryable" : ""}`)}\n\nDeclared by tool \`${d.tool}\`.`;
    case "input":
      return code(`input: ${typeToString(occurrence.type ?? { kind: "unknown" })}`);
  }
}

function actionSummary(action: { kind: string; span: { start: number; end: number } }, source: SourceFile | undefined): string {
  if (source === undefined) return "";
  const first = source.text.slice(action.span.start, action.span.end).split(/\r?\n/)[0] ?? "";
  return code(first.length > 100 ? `${first.slice(0, 100)}…` : first);
}

function touches(d: Diagnostic, offset: number): boolean {
  return d.span.start <= offset && offset <= Math.max(d.span.end, d.span.start + 1);
}

function dedupeCodes(list: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => !seen.has(d.code) && seen.add(d.code) !== undefined);
}

function code(text: string, language = "agent"): string {
  return "```" + language + "\n" + text + "\n```";
}

function baseName(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}
