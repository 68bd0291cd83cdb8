/**
 * `agentc build`: checked agents → IR → every artifact, under `<out>/<agent>/`.
 *
 * An agent with errors (its own, an import's, or a prompt changed under an unchanged
 * version) gets no output at all; the others still build. Artifacts are computed first
 * and written last, each agent's folder swapped in atomically, the prompt lockfile after
 * them. `check: true` writes nothing and reports what is stale instead.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { PromptDecl } from "../language/ast.ts";
import { compareDiagnostics, diagnostic, type Diagnostic } from "../language/diagnostics/diagnostic.ts";
import type { SourceFile } from "../language/span.ts";
import { DEFAULT_PRICES, type PriceTable } from "../runtime/prices.ts";
import { computeCostBound, type CostBound } from "./analysis/cost-bound.ts";
import { emitCostJson, formatCostBound } from "./analysis/format-cost.ts";
import { checkFiles, type CheckedAgent } from "./check.ts";
import { emitContracts } from "./emit/contracts/index.ts";
import { kebabName } from "./emit/docs-site/index.ts";
import { emitFlowchart } from "./emit/flowchart/index.ts";
import { emitMachine } from "./emit/machine/emit-machine.ts";
import { emitRunbook } from "./emit/runbook/index.ts";
import { emitAgentTest } from "./emit/tests/index.ts";
import type { AgentIR, SourceRef } from "./ir/ir.ts";
import { lowerAgent } from "./ir/lower.ts";
import { emptyLock, LOCKFILE_NAME, parseLock, serializeLock, updateLock, type PromptLock } from "./prompt-lock.ts";
import { compareFolder, writeFileAtomic, writeFolder, type OutputFiles, type StaleFile } from "./write-outputs.ts";

export interface BuildOptions {
  /** Workspace root: imports stay inside it; the lockfile lives in it. */
  readonly root: string;
  readonly out: string;
  /** Write nothing; report stale generated files and lockfile entries. */
  readonly check?: boolean;
  readonly prices?: PriceTable;
}

export interface BuiltAgent {
  readonly ir: AgentIR;
  readonly folder: string;
  readonly files: OutputFiles;
  readonly cost: CostBound;
}

export interface BuildResult {
  readonly diagnostics: Diagnostic[];
  readonly agents: readonly BuiltAgent[];
  /** Agents refused because of errors. */
  readonly refused: readonly string[];
  /** With `check`: what differs from the committed files. */
  readonly stale: readonly StaleFile[];
  /** Lockfile entries recorded (or, with `check`, missing). */
  readonly lockAdded: readonly string[];
  /** Every source read, by the path diagnostics carry (for code frames). */
  readonly sources: ReadonlyMap<string, SourceFile>;
}

/** Computes every artifact of the agents in `paths`; writes them unless `check` is set. */
export function build(paths: readonly string[], options: BuildOptions): BuildResult {
  const checked = checkFiles(paths, { root: options.root });
  const diagnostics = [...checked.diagnostics];
  const refused: string[] = [];
  const lowered: { agent: CheckedAgent; ir: AgentIR }[] = [];
  // two agents with one name would write one folder: build neither (the checker said AGC2019)
  const seen = new Map<string, number>();
  for (const agent of checked.agents) seen.set(agent.name, (seen.get(agent.name) ?? 0) + 1);
  for (const agent of checked.agents) {
    if (agent.hasErrors || seen.get(agent.name)! > 1) {
      refused.push(agent.name);
      continue;
    }
    lowered.push({ agent, ir: lowerAgent(agent) });
  }

  const lockPath = join(options.root, LOCKFILE_NAME);
  const lock = readLock(lockPath);
  const locked = updateLock(lock, lowered.map((l) => l.ir));
  const changedAgents = new Set<string>();
  for (const change of locked.changed) {
    changedAgents.add(change.agent);
    const agent = lowered.find((l) => l.ir.name === change.agent)!.agent;
    const decl = agent.file.agent?.members.find((m): m is PromptDecl => m.kind === "PromptDecl" && m.name.name === change.prompt && m.version === change.version);
    diagnostics.push(
      diagnostic("AGC4004", [change.prompt, change.version, LOCKFILE_NAME, change.version + 1], {
        file: agent.path,
        span: decl?.versionSpan ?? { start: 0, end: 0 },
        data: { recorded: change.recorded, actual: change.actual },
      }),
    );
  }

  const prices = options.prices ?? DEFAULT_PRICES;
  const built: BuiltAgent[] = [];
  for (const { agent, ir } of lowered) {
    if (changedAgents.has(ir.name)) {
      refused.push(ir.name);
      continue;
    }
    const cost = computeCostBound(ir, prices);
    for (const warning of cost.warnings) {
      diagnostics.push(diagnostic(warning.code, warning.args, { file: agent.path, span: spanOf(agent, warning.source) }));
    }
    built.push({ ir, folder: kebabName(ir.name), files: emitAgent(ir, cost), cost });
  }

  const lockAdded = locked.added.map((a) => `${a.agent}.${a.prompt} v${a.version}`);
  const stale: StaleFile[] = [];
  if (options.check === true) {
    for (const agent of built) stale.push(...compareFolder(options.out, agent.folder, agent.files));
  } else {
    for (const agent of built) writeFolder(options.out, agent.folder, agent.files);
    if (lockAdded.length > 0 || !existsSync(lockPath)) writeFileAtomic(lockPath, serializeLock(locked.lock));
  }
  return { diagnostics: diagnostics.sort(compareDiagnostics), agents: built, refused: [...new Set(refused)].sort(), stale, lockAdded, sources: checked.sources };
}

/** Every artifact of one agent: relative path → content. Pure. */
export function emitAgent(ir: AgentIR, cost: CostBound): OutputFiles {
  const files = new Map<string, string>();
  files.set("machine.ts", emitMachine(ir));
  for (const [path, content] of emitContracts(ir)) files.set(path, content);
  files.set("flowchart.mmd", emitFlowchart(ir));
  files.set("runbook.md", emitRunbook(ir, cost));
  files.set("cost.json", emitCostJson(cost));
  files.set("agent.test.ts", emitAgentTest(ir));
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export { formatCostBound };

function readLock(path: string): PromptLock {
  if (!existsSync(path)) return emptyLock();
  return parseLock(readFileSync(path, "utf8"), LOCKFILE_NAME);
}

function spanOf(agent: CheckedAgent, ref: SourceRef): { start: number; end: number } {
  const offset = agent.source.offsetAt({ line: ref.line - 1, character: ref.column - 1 });
  return { start: offset, end: offset };
}
