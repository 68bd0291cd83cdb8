/**
 * `agentc check [paths...]`: checks every `.agent` file named or found under the paths and
 * prints the diagnostics (human or JSON). Exit 1 on errors (or more warnings than
 * `--max-warnings`), else 0.
 */
import { compareDiagnostics } from "../../../language/diagnostics/diagnostic.ts";
import { renderHuman, renderSummary, summarize, toJsonReport } from "../../diagnostics/render.ts";
import { EXIT_OK, EXIT_PROBLEMS, UsageError } from "../errors.ts";
import { out, useColor } from "../output.ts";
import { checkRoot, collectAgentFiles, findWorkspaceRoot } from "../workspace.ts";

export interface CheckOptions {
  readonly format: "human" | "json";
  readonly root?: string;
  readonly maxWarnings?: number;
  readonly color?: boolean;
}

export async function checkCommand(paths: readonly string[], options: CheckOptions): Promise<number> {
  const cwd = process.cwd();
  const root = options.root !== undefined ? checkRoot(options.root, cwd) : findWorkspaceRoot(cwd);
  const given = paths.length > 0 ? paths : ["."];
  const files = collectAgentFiles(given, cwd);
  if (files.length === 0) throw new UsageError(`no .agent files in ${given.join(", ")}`);

  const { runCheck } = await import("../run-check.ts");
  const result = runCheck(files, { root });
  const diagnostics = [...result.diagnostics].sort(compareDiagnostics);
  const summary = summarize(diagnostics, files.length);
  const tooManyWarnings = options.maxWarnings !== undefined && summary.warnings > options.maxWarnings;

  if (options.format === "json") {
    out(JSON.stringify(toJsonReport(diagnostics, { sources: result.sources, cwd }, files.length), null, 2));
  } else {
    const color = useColor(options);
    out(renderHuman(diagnostics, { sources: result.sources, cwd, color }) + renderSummary(summary, color));
    if (tooManyWarnings) out(`too many warnings: ${summary.warnings} (--max-warnings ${options.maxWarnings})`);
  }
  return summary.errors > 0 || tooManyWarnings ? EXIT_PROBLEMS : EXIT_OK;
}
