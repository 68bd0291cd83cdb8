/**
 * `agentc docs [paths...] --out <dir>`: a static HTML site (index + a page per agent) with
 * the flowchart rendered by a local copy of Mermaid, the tool contracts and the runbook.
 * Agents with errors are refused with their diagnostics; the site folder is replaced whole.
 */
import { basename, dirname, relative, resolve } from "node:path";
import { renderHuman, renderSummary, summarize } from "../../diagnostics/render.ts";
import { EXIT_OK, EXIT_PROBLEMS, UsageError } from "../errors.ts";
import { err, out, useColor } from "../output.ts";
import { checkRoot, collectAgentFiles, findWorkspaceRoot } from "../workspace.ts";
import { sourceDirectories } from "./source-dirs.ts";

export interface DocsCommandOptions {
  readonly out: string;
  readonly root?: string;
  readonly color?: boolean;
}

export async function docsCommand(paths: readonly string[], options: DocsCommandOptions): Promise<number> {
  const cwd = process.cwd();
  const root = options.root !== undefined ? checkRoot(options.root, cwd) : findWorkspaceRoot(cwd);
  const given = paths.length > 0 ? paths : ["."];
  const files = collectAgentFiles(given, cwd);
  if (files.length === 0) throw new UsageError(`no .agent files in ${given.join(", ")}`);
  const outDir = resolve(cwd, options.out);

  const { checkFiles } = await import("../../check.ts");
  const { lowerAgent } = await import("../../ir/lower.ts");
  const { buildDocsSite } = await import("../../docs.ts");
  const { emitRunbook } = await import("../../emit/runbook/index.ts");
  const { assertOutsideSources, OutputError, writeFolder } = await import("../../write-outputs.ts");

  const checked = checkFiles(files, { root });
  const color = useColor(options);
  const summary = summarize(checked.diagnostics, files.length);
  if (checked.diagnostics.length > 0) out(renderHuman(checked.diagnostics, { sources: checked.sources, cwd, color }) + renderSummary(summary, color));
  const refused = checked.agents.filter((a) => a.hasErrors).map((a) => a.name);
  if (refused.length > 0) err(`not documented (errors): ${refused.join(", ")}`);
  const irs = checked.agents.filter((a) => !a.hasErrors).map((a) => lowerAgent(a));
  try {
    assertOutsideSources(outDir, sourceDirectories(given, cwd));
    writeFolder(dirname(outDir), basename(outDir), buildDocsSite(irs, { emitRunbook }));
  } catch (error) {
    if (error instanceof OutputError) throw new UsageError(error.message);
    throw error;
  }
  out(`wrote the docs of ${irs.length} agent(s) to ${relative(cwd, outDir) || "."}/index.html`);
  return summary.errors > 0 ? EXIT_PROBLEMS : EXIT_OK;
}
