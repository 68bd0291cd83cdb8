/**
 * The compiler's shapes in LSP terms: spans become ranges (through `SourceFile`, the one
 * place that counts lines and UTF-16 columns), diagnostics become LSP diagnostics with
 * their code, related locations and quick-fix `data`.
 */
import type { Diagnostic as LspDiagnostic, Range } from "vscode-languageserver";
import type { Diagnostic } from "../../language/diagnostics/diagnostic.ts";
import type { SourceFile, Span } from "../../language/span.ts";

export function toRange(source: SourceFile, span: Span): Range {
  return { start: source.positionAt(span.start), end: source.positionAt(span.end) };
}

export function toLspDiagnostic(d: Diagnostic, source: SourceFile, related: (file: string, span: Span) => { uri: string; range: Range } | undefined): LspDiagnostic {
  const relatedInformation = d.related.flatMap((r) => {
    const location = related(r.file, r.span);
    return location === undefined ? [] : [{ location, message: r.message }];
  });
  return {
    range: toRange(source, d.span),
    severity: d.severity === "error" ? 1 : 2,
    code: d.code,
    source: "agentc",
    message: d.help === undefined ? d.message : `${d.message}\nhelp: ${d.help}`,
    ...(relatedInformation.length > 0 ? { relatedInformation } : {}),
    ...(d.data === undefined ? {} : { data: d.data }),
  };
}

/** Whether two ranges are the same (a client echoes our diagnostics back in code-action requests). */
export function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
