/**
 * A diagnostic has the shape of an LSP Diagnostic: a stable code from the registry, a
 * severity, a message, the span it is about, related locations that travel with it, an
 * optional help line and a `data` payload for quick fixes.
 */
import type { Span } from "../span.ts";
import { DIAGNOSTIC_CODES, type CodeEntry, type DiagnosticCode } from "./codes.ts";

export type Severity = "error" | "warning";

export interface RelatedLocation {
  readonly file: string;
  readonly span: Span;
  readonly message: string;
}

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  readonly span: Span;
  readonly related: readonly RelatedLocation[];
  readonly help: string | undefined;
  /** What a quick fix needs (e.g. the missing error names); never shown to users. */
  readonly data: Readonly<Record<string, unknown>> | undefined;
}

export interface DiagnosticInit {
  readonly file: string;
  readonly span: Span;
  readonly related?: readonly RelatedLocation[];
  readonly help?: string;
  readonly data?: Readonly<Record<string, unknown>>;
  /** Overrides the registry's default severity (rarely needed). */
  readonly severity?: Severity;
}

/** Builds a diagnostic from a registry code; the message template's `{0}`, `{1}`… take `args`. */
export function diagnostic(code: DiagnosticCode, args: readonly (string | number)[], init: DiagnosticInit): Diagnostic {
  const entry: CodeEntry = DIAGNOSTIC_CODES[code];
  return {
    code,
    severity: init.severity ?? entry.severity,
    message: formatMessage(entry.message, args),
    file: init.file,
    span: init.span,
    related: init.related ?? [],
    help: init.help ?? (entry.help === undefined ? undefined : formatMessage(entry.help, args)),
    data: init.data,
  };
}

export function formatMessage(template: string, args: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)] ?? ""));
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.span.start !== b.span.start) return a.span.start - b.span.start;
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}
