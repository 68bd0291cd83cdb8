/**
 * Document formatting with the formatter (`language/printer.ts`). A document with syntax
 * errors is left alone (a recovered tree has holes), as `agentc fmt` does; the output is
 * used only if it parses cleanly itself.
 */
import type { TextEdit } from "vscode-languageserver";
import { parse, type ParseResult } from "../../../language/parse.ts";
import { format } from "../../../language/printer.ts";
import { toRange } from "../convert.ts";

export function formatDocument(result: ParseResult): TextEdit[] {
  if (result.diagnostics.some((d) => d.severity === "error")) return [];
  const text = result.source.text;
  const formatted = format(result);
  if (formatted === text) return [];
  if (parse(result.source.path, formatted).diagnostics.some((d) => d.severity === "error")) return [];
  return [{ range: toRange(result.source, { start: 0, end: text.length }), newText: formatted }];
}
