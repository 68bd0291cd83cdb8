/** Parses and lowers the `.agent` fixtures the flowchart and docs-site tests share. */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { AgentIR } from "../../../../compiler/ir/ir.ts";
import { lowerAgent } from "../../../../compiler/ir/lower.ts";
import { parse } from "../../../../language/parse.ts";

export const FIXTURES = join(import.meta.dirname, "fixtures");
const ROOT = join(import.meta.dirname, "../../../..");

export function lowerFile(path: string): AgentIR {
  const result = parse(path, readFileSync(path, "utf8"));
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(`${path}: ${errors.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  return lowerAgent({ file: result.file, source: result.source, relativePath: relative(ROOT, path).split("\\").join("/"), importedTools: new Map() });
}

export function fixture(name: string): AgentIR {
  return lowerFile(join(FIXTURES, `${name}.agent`));
}

/** The fixtures here plus every example agent in `agents/` (once there are some). */
export function allAgentFiles(): string[] {
  const own = readdirSync(FIXTURES)
    .filter((f) => f.endsWith(".agent"))
    .sort()
    .map((f) => join(FIXTURES, f));
  let examples: string[] = [];
  try {
    examples = readdirSync(join(ROOT, "agents"))
      .filter((f) => f.endsWith(".agent"))
      .sort()
      .map((f) => join(ROOT, "agents", f));
  } catch {
    // no agents/ yet
  }
  return [...own, ...examples];
}
