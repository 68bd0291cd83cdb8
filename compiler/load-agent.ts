/**
 * Compile an agent in memory and load its machine module into this process, for `agentc run`,
 * `agentc test` and tests: the same module `agentc build` writes, with its types stripped
 * (Node's `stripTypeScriptTypes`) and its imports pointed at this installation's `xstate`,
 * `zod` and runtime, so it loads from a temporary folder anywhere.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { stripTypeScriptTypes } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { AnyStateMachine } from "xstate";
import type { Diagnostic } from "../language/diagnostics/diagnostic.ts";
import type { SourceFile } from "../language/span.ts";
import type { AgentModule } from "../runtime/contract.ts";
import { checkFiles, type CheckedAgent } from "./check.ts";
import { emitMachine } from "./emit/machine/emit-machine.ts";
import type { AgentIR } from "./ir/ir.ts";
import { lowerAgent } from "./ir/lower.ts";
import { testsOf, type DslTest } from "./testing/dsl-tests.ts";

export interface LoadedAgent {
  readonly ir: AgentIR;
  readonly module: AgentModule<AnyStateMachine>;
  /** The agent's `test` blocks, for `agentc test`. */
  readonly tests: readonly DslTest[];
}

export interface LoadResult {
  /** Empty when `diagnostics` holds an error. */
  readonly agents: readonly LoadedAgent[];
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, SourceFile>;
}

/** Checks the files; if there is no error, loads every agent they define. */
export async function loadAgents(paths: readonly string[], options: { readonly root: string }): Promise<LoadResult> {
  const checked = checkFiles(paths, { root: options.root });
  if (checked.diagnostics.some((d) => d.severity === "error")) return { agents: [], diagnostics: checked.diagnostics, sources: checked.sources };
  const agents: LoadedAgent[] = [];
  for (const agent of checked.agents) agents.push(await loadCheckedAgent(agent));
  return { agents, diagnostics: checked.diagnostics, sources: checked.sources };
}

export async function loadCheckedAgent(agent: CheckedAgent): Promise<LoadedAgent> {
  const ir = lowerAgent(agent);
  return { ir, module: await importMachine(emitMachine(ir)), tests: testsOf(agent.file.agent) };
}

/**
 * Generated machine source (TypeScript) as a JavaScript module that imports this
 * installation's `xstate`, `zod` and runtime by URL: loadable from any folder.
 */
export function machineModuleJs(source: string): string {
  return quietly(() => stripTypeScriptTypes(rewriteImports(source), { mode: "strip" }));
}

/** Imports generated machine source (TypeScript) as a module. */
export async function importMachine(source: string): Promise<AgentModule<AnyStateMachine>> {
  const js = machineModuleJs(source);
  const dir = mkdtempSync(join(tmpdir(), "agentc-machine-"));
  try {
    const file = join(dir, "machine.mjs");
    writeFileSync(file, js);
    return (await import(pathToFileURL(file).href)) as AgentModule<AnyStateMachine>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `fn` without Node's one-time "stripTypeScriptTypes is experimental" warning on stderr. */
function quietly<T>(fn: () => T): T {
  const original = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === "string" ? warning : warning.message;
    if (text.includes("stripTypeScriptTypes")) return;
    (original as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return fn();
  } finally {
    process.emitWarning = original;
  }
}

function rewriteImports(source: string): string {
  const runtimeUrl = new URL(`../runtime/index${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url).href;
  return source
    .replace(/from "agentc\/runtime"/g, `from ${JSON.stringify(runtimeUrl)}`)
    .replace(/from "xstate"/g, `from ${JSON.stringify(import.meta.resolve("xstate"))}`)
    .replace(/from "zod"/g, `from ${JSON.stringify(import.meta.resolve("zod"))}`);
}
