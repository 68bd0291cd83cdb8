/**
 * Go to definition (over the file and its imports) and find references (over the file's
 * project: every `.agent` file under its root, so a shared tool's references include every
 * agent that imports it). Definition also follows an import's `from "…"` to the file.
 */
import type { Location } from "vscode-languageserver";
import type { Span } from "../../../language/span.ts";
import type { Analysis } from "../analysis.ts";
import { toRange } from "../convert.ts";
import { occurrenceAt, type Declaration } from "../symbol-index.ts";

export type UriOf = (path: string) => string;

export function definition(analysis: Analysis, path: string, offset: number, uriOf: UriOf): Location | null {
  const file = analysis.file(path);
  if (file === undefined) return null;
  for (const { decl, target } of file.imports) {
    if (target !== undefined && decl.from.span.start <= offset && offset <= decl.from.span.end) {
      return { uri: uriOf(target), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
    }
  }
  const occurrence = occurrenceAt(analysis.index, path, offset);
  if (occurrence === undefined) return null;
  const declaration = analysis.index.declarations.get(occurrence.key);
  if (declaration === undefined) return null;
  return location(analysis, declaration.file, declarationSpan(declaration), uriOf);
}

export function references(project: Analysis, path: string, offset: number, includeDeclaration: boolean, uriOf: UriOf): Location[] {
  const occurrence = occurrenceAt(project.index, path, offset);
  if (occurrence === undefined) return [];
  const out: Location[] = [];
  for (const o of project.index.byKey.get(occurrence.key) ?? []) {
    if (!includeDeclaration && o.declaration) continue;
    const found = location(project, o.file, o.span, uriOf);
    if (found !== null) out.push(found);
  }
  return out;
}

/** The name of what a declaration declares. */
export function declarationSpan(declaration: Declaration): Span {
  switch (declaration.kind) {
    case "result":
      return declaration.node.span;
    case "input":
      return { start: declaration.node.span.start, end: declaration.node.span.start + "input".length };
    default:
      return declaration.node.name.span;
  }
}

function location(project: Analysis, path: string, span: Span, uriOf: UriOf): Location | null {
  const source = project.file(path)?.parse.source;
  return source === undefined ? null : { uri: uriOf(path), range: toRange(source, span) };
}
