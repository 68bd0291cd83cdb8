/**
 * `agentc build [paths...] --out <dir> [--check]`: writes every agent's artifacts under
 * `<out>/<agent>/` and records prompt hashes in the lockfile; `--check` writes nothing and
 * exits 1 when committed generated files (or lockfile entries) are stale.
 */
import { relative, resolve } from "node:path";
import { renderHuman, renderSummary, summarize } from "../../diagnostics/render.ts";
import { EXIT_OK, EXIT_PROBLEMS, UsageError } from "../errors.ts";
import { err, out, useColor } from "../output.ts";
import { checkRoot, collectAgentFiles, findWorkspaceRoot } from "../workspace.ts";
import { sourceDirectories } from "./source-dirs.ts";

export interface BuildCommandOptions {
  readonly out: string;
  readonly check?: boolean;
  readonly root?: string;
  readonly prices?: string;
  readonly color?: boolean;
}

export async function buildCommand(paths: readonly string[], options: BuildCommandOptions): Promise<number> {
  const cwd = process.cwd();
  const root = options.root !== undefined ? checkRoot(options.root, cwd) : findWorkspaceRoot(cwd);
  const given = paths.length > 0 ? paths : ["."];
  const files = collectAgentFiles(given, cwd);
  if (files.length === 0) throw new UsageError(`no .agent files in ${given.join(", ")}`);
  const outDir = resolve(cwd, options.out);

  const { build } = await import("../../build.ts");
  const { assertOutsideSources, OutputError } = await import("../../write-outputs.ts");
  const { LockfileError } = await import("../../prompt-lock.ts");
  const { formatCostBound } = await import("../../analysis/format-cost.ts");
  const prices = options.prices === undefined ? undefined : await loadPrices(resolve(cwd, options.prices));

  let result;
  try {
    assertOutsideSources(outDir, sourceDirectories(given, cwd));
    result = build(files, { root, out: outDir, check: options.check === true, ...(prices === undefined ? {} : { prices }) });
  } catch (error) {
    if (error instanceof OutputError || error instanceof LockfileError) throw new UsageError(error.message);
    throw error;
  }

  const color = useColor(options);
  const summary = summarize(result.diagnostics, files.length);
  out(renderHuman(result.diagnostics, { sources: result.sources, cwd, color }));
  for (const agent of result.agents) out(formatCostBound(agent.cost));
  const shownOut = relative(cwd, outDir) || ".";
  if (result.refused.length > 0) err(`not built (errors): ${result.refused.join(", ")}`);
  if (options.check === true) {
    for (const file of result.stale) out(`stale: ${shownOut}/${file.path} (${file.reason})`);
    for (const entry of result.lockAdded) out(`stale: agentc.lock.json lacks ${entry}`);
    const stale = result.stale.length + result.lockAdded.length;
    out(stale === 0 ? `generated files in ${shownOut} are up to date` : `${stale} generated file(s) are stale: run agentc build ${given.join(" ")} --out ${options.out}`);
    return summary.errors > 0 || stale > 0 || result.refused.length > 0 ? EXIT_PROBLEMS : EXIT_OK;
  }
  out(renderSummary(summary, color).trimEnd());
  out(`built ${result.agents.length} agent(s) into ${shownOut}${result.lockAdded.length > 0 ? `; recorded ${result.lockAdded.join(", ")} in agentc.lock.json` : ""}`);
  return summary.errors > 0 || result.refused.length > 0 ? EXIT_PROBLEMS : EXIT_OK;
}

async function loadPrices(path: string) {
  const { readFileSync } = await import("node:fs");
  const { DEFAULT_PRICES, mergePriceTables, parsePriceTable } = await import("../../../runtime/prices.ts");
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new UsageError(`--prices ${path}: cannot read the file`);
  }
  try {
    return mergePriceTables(DEFAULT_PRICES, parsePriceTable(text));
  } catch (error) {
    throw new UsageError(`--prices ${path}: ${(error as Error).message}`);
  }
}
