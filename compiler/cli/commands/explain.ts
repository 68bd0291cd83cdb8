/**
 * `agentc explain <CODE>`: prints docs/diagnostics/<CODE>.md from agentc's own package (so
 * it works in a clone and when installed). Codes are matched without regard to case.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DIAGNOSTIC_CODES, isDiagnosticCode } from "../../../language/diagnostics/codes.ts";
import { EXIT_OK, UsageError } from "../errors.ts";
import { out } from "../output.ts";
import { packageInfo } from "../package-root.ts";

export function explainCommand(code: string): number {
  const normalized = code.trim().toUpperCase();
  if (!isDiagnosticCode(normalized)) {
    throw new UsageError(`unknown diagnostic code ${JSON.stringify(code)} (codes look like AGC2003; see docs/diagnostics/)`);
  }
  let page: string;
  try {
    page = readFileSync(join(packageInfo().root, "docs", "diagnostics", `${normalized}.md`), "utf8");
  } catch {
    // No page yet: say what the registry knows rather than nothing.
    const entry: { title: string; message: string; help?: string } = DIAGNOSTIC_CODES[normalized];
    page = `# ${normalized}: ${entry.title}\n\nMessage: ${entry.message}\n${entry.help ? `\nHelp: ${entry.help}\n` : ""}`;
  }
  out(page);
  return EXIT_OK;
}
