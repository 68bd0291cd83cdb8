/** Fixture agents → IR → machine module text, and loading that module in-process. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect } from "vitest";
import type { AgentIR } from "../../../../compiler/ir/ir.ts";
import { lowerAgent } from "../../../../compiler/ir/lower.ts";
import { emitMachine } from "../../../../compiler/emit/machine/emit-machine.ts";
import { parse } from "../../../../language/parse.ts";
import { checkFiles } from "../../../../compiler/check.ts";

export const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, "..", "..", "..", "..");
export const fixturesDir = join(here, "fixtures");

export const fixtureNames = readdirSync(fixturesDir)
  .filter((f) => f.endsWith(".agent"))
  .map((f) => f.slice(0, -".agent".length))
  .sort();

/** Fixtures plus the example agents (`agents/<file>`): what the type-check and path tests run on. */
export const machineSubjects = [
  ...fixtureNames,
  ...readdirSync(join(repoRoot, "agents"))
    .filter((f) => f.endsWith(".agent"))
    .map((f) => `agents/${f.slice(0, -".agent".length)}`)
    .sort(),
];

export function loadIR(name: string): AgentIR {
  if (name.startsWith("agents/")) {
    const checked = checkFiles([join(repoRoot, `${name}.agent`)], { root: repoRoot });
    expect(checked.diagnostics.map((d) => d.message)).toEqual([]);
    return lowerAgent(checked.agents[0]!);
  }
  const path = join(fixturesDir, `${name}.agent`);
  const parsed = parse(path, readFileSync(path, "utf8"));
  expect(parsed.diagnostics.map((d) => d.message)).toEqual([]);
  return lowerAgent({ file: parsed.file, source: parsed.source, relativePath: relative(repoRoot, path).split("\\").join("/"), importedTools: new Map() });
}

/**
 * The runtime entry the generated import `agentc/runtime` stands for: `runtime/index.ts`
 * once it re-exports the contract, else `runtime/contract.ts` itself.
 */
export function runtimeEntry(): string {
  const index = join(repoRoot, "runtime", "index.ts");
  return readFileSync(index, "utf8").includes("contract.ts") ? index : join(repoRoot, "runtime", "contract.ts");
}

/** The module's exports, as the tests use them. */
export interface MachineModule {
  readonly machine: import("xstate").AnyStateMachine;
  readonly schemas: {
    readonly input: import("zod").ZodType;
    readonly output: import("zod").ZodType;
    readonly tools: Readonly<Record<string, { readonly input: import("zod").ZodType; readonly output: import("zod").ZodType }>>;
    readonly results: Readonly<Record<string, import("zod").ZodType>>;
  };
  readonly metadata: import("../../../../runtime/contract.ts").AgentMetadata;
}

/**
 * Writes the module as `.ts` into a temporary folder inside the repo (so `xstate` and `zod`
 * resolve from its node_modules), with `agentc/runtime` pointed at the runtime source, and
 * imports it.
 */
export async function importModule(ir: AgentIR): Promise<MachineModule> {
  const dir = mkdtempSync(join(repoRoot, ".tmp-machine-"));
  try {
    const file = join(dir, "machine.ts");
    const runtime = relative(dir, runtimeEntry()).split("\\").join("/");
    writeFileSync(file, emitMachine(ir).replace(`from "agentc/runtime"`, `from "./${runtime}"`));
    return (await import(pathToFileURL(file).href)) as MachineModule;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
