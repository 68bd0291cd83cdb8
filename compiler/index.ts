/**
 * `agentc`: the compiler API. Parse and format `.agent` text, check files (with their
 * imports), and render diagnostics the way the CLI does (human or JSON).
 */
export { parse, parseBytes, type ParseResult } from "../language/parse.ts";
export { format } from "../language/printer.ts";
export { checkFiles, checkSource, type CheckedAgent, type CheckOptions, type CheckResult } from "./check.ts";
export type { AgentFile } from "../language/ast.ts";
export type * as ast from "../language/ast.ts";
export { SourceFile, type Position, type Span } from "../language/span.ts";
export { DIAGNOSTIC_CODES, isDiagnosticCode, type CodeEntry, type DiagnosticCode } from "../language/diagnostics/codes.ts";
export { compareDiagnostics, hasErrors, type Diagnostic, type RelatedLocation, type Severity } from "../language/diagnostics/diagnostic.ts";
export {
  displayPath,
  renderDiagnostic,
  renderHuman,
  renderSummary,
  summarize,
  toJsonReport,
  type JsonDiagnostic,
  type JsonReport,
  type RenderContext,
  type Summary,
} from "./diagnostics/render.ts";
export { codeFrame } from "./diagnostics/code-frame.ts";
