/**
 * `agentc fmt [paths...] [--check]`: rewrites `.agent` files in the canonical layout (LF line
 * ends, no BOM). A file with syntax errors is never rewritten: its errors are printed and
 * the exit code is 1. `--check` writes nothing and exits 1 when a file would change.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Diagnostic } from "../../../language/diagnostics/diagnostic.ts";
import type { SourceFile } from "../../../language/span.ts";
import { displayPath, renderHuman } from "../../diagnostics/render.ts";
import { describeFsError, EXIT_OK, EXIT_PROBLEMS, UsageError } from "../errors.ts";
import { out, useColor } from "../output.ts";
import { collectAgentFiles } from "../workspace.ts";

export interface FmtOptions {
  readonly check?: boolean;
  readonly color?: boolean;
}

export async function fmtCommand(paths: readonly string[], options: FmtOptions): Promise<number> {
  const cwd = process.cwd();
  const given = paths.length > 0 ? paths : ["."];
  const files = collectAgentFiles(given, cwd);
  if (files.length === 0) throw new UsageError(`no .agent files in ${given.join(", ")}`);
  const [{ parseBytes }, { format }] = await Promise.all([import("../../../language/parse.ts"), import("../../../language/printer.ts")]);

  const color = useColor(options);
  const broken: Diagnostic[] = [];
  const sources = new Map<string, SourceFile>();
  const changed: string[] = [];
  const printerBugs: string[] = [];
  let brokenFiles = 0;
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      throw new UsageError(`cannot read ${displayPath(file, cwd)}: ${describeFsError(error)}`);
    }
    const result = parseBytes(file, bytes);
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) {
      brokenFiles++;
      broken.push(...errors);
      sources.set(file, result.source);
      continue;
    }
    const text = format(result);
    const formatted = Buffer.from(text, "utf8");
    if (formatted.equals(bytes)) continue;
    // Never let a printer bug destroy a file: the output must parse cleanly too.
    if (parseBytes(file, formatted).diagnostics.some((d) => d.severity === "error")) {
      printerBugs.push(file);
      continue;
    }
    changed.push(file);
    if (!options.check) writeAtomically(file, formatted);
  }

  const lines: string[] = [];
  if (broken.length > 0) lines.push(renderHuman(broken, { sources, cwd, color }).trimEnd(), "");
  for (const file of changed) lines.push(`${options.check ? "would reformat" : "reformatted"} ${displayPath(file, cwd)}`);
  for (const file of printerBugs) lines.push(`not formatted ${displayPath(file, cwd)}: the formatter produced invalid syntax (a bug in agentc; please report it)`);
  lines.push(fmtSummary(files.length, changed.length, brokenFiles + printerBugs.length, options.check === true));
  out(lines.join("\n"));
  return brokenFiles + printerBugs.length > 0 || (options.check && changed.length > 0) ? EXIT_PROBLEMS : EXIT_OK;
}

function fmtSummary(total: number, changed: number, broken: number, check: boolean): string {
  const parts: string[] = [];
  if (changed > 0) parts.push(`${count(changed)} ${check ? "would be reformatted" : "reformatted"}`);
  const unchanged = total - changed - broken;
  if (unchanged > 0) parts.push(changed > 0 || broken > 0 ? `${unchanged} unchanged` : `${count(unchanged)} already formatted`);
  if (broken > 0) parts.push(`${count(broken)} not formatted`);
  let summary = parts.join(", ");
  if (check && changed > 0) summary += "; run `agentc fmt` to fix";
  return summary;
}

function count(n: number): string {
  return `${n} file${n === 1 ? "" : "s"}`;
}

/**
 * Write to a temporary file beside the target, then rename over it: readers never see half
 * a file. A symlink is followed, so the link stays a link.
 */
function writeAtomically(link: string, bytes: Uint8Array): void {
  let file = link;
  try {
    file = realpathSync(link);
  } catch {
    // keep the path as given; the write below reports the problem
  }
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    writeFileSync(temp, bytes, { flag: "wx" });
    chmodSync(temp, statSync(file).mode & 0o7777);
    renameSync(temp, file);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // the temporary file was never created
    }
    throw new UsageError(`cannot write ${displayPath(link, process.cwd())}: ${describeFsError(error)}`);
  }
}
