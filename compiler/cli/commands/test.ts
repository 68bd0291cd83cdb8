/**
 * `agentc test [paths...] [--runs N] [--seed S] [--reporter human|json|junit] [--corpus dir]`:
 * compiles each agent in memory and runs its generated property-based suite in process (the
 * same harness the emitted `agent.test.ts` runs under vitest), then prints every property with
 * its cases and result, the agents' `test` blocks (compiler/testing/dsl-tests.ts), and the
 * coverage of states, transitions and tools (test blocks' sessions count). Exit 1 on any
 * failing test block, any failing property or coverage below 100%; a failing property's shrunk
 * case is written to `.agentc/counterexamples/` and `--replay <file>` runs it again. Also runs
 * the model-based cases from @xstate/graph paths (graph-cases.ts), checks the prompt snapshots
 * (prompt-snapshots.ts, `--update-snapshots`), and has a fuzz mode (test-fuzz.ts, `--fuzz --time`).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { PropertyResult, SuiteResult } from "../../../runtime/testing/suite.ts";
import { runGraphCases, type GraphCasesResult } from "../../testing/graph-cases.ts";
import type { AgentIR } from "../../ir/ir.ts";
import { writeCounterexample } from "../../testing/counterexamples.ts";
import { checkSnapshot, snapshotFailed } from "../../testing/prompt-snapshots.ts";
import { renderHuman } from "../../diagnostics/render.ts";
import { EXIT_OK, EXIT_PROBLEMS, UsageError, describeFsError } from "../errors.ts";
import { err, out, useColor } from "../output.ts";
import { checkRoot, collectAgentFiles, findWorkspaceRoot } from "../workspace.ts";

/** Extra rounds of `--runs` cases allowed to reach full coverage. */
const COVERAGE_ROUNDS = 9;

export interface TestCommandOptions {
  readonly runs?: number;
  readonly seed?: number;
  readonly reporter?: "human" | "json" | "junit";
  readonly corpus?: readonly string[];
  readonly replay?: string;
  /** Fuzz mode (test-fuzz.ts): run cases until `time` is up. */
  readonly fuzz?: boolean;
  readonly time?: string;
  readonly caseTimeout?: string;
  /** Rewrite the prompt snapshots (prompt-snapshots.ts) instead of comparing. */
  readonly updateSnapshots?: boolean;
  readonly root?: string;
  readonly color?: boolean;
}

export async function testCommand(paths: readonly string[], options: TestCommandOptions): Promise<number> {
  const cwd = process.cwd();
  const root = options.root !== undefined ? checkRoot(options.root, cwd) : findWorkspaceRoot(cwd);
  const given = paths.length > 0 ? paths : ["."];
  const files = collectAgentFiles(given, cwd);
  if (files.length === 0) throw new UsageError(`no .agent files in ${given.join(", ")}`);
  const reporter = options.reporter ?? "human";
  const runs = options.runs ?? 100;
  const seed = options.seed ?? Math.floor(Math.random() * 0x7fffffff);

  const { loadAgents } = await import("../../load-agent.ts");
  const testing = await import("../../../runtime/testing/index.ts");
  const { computeCoverage, isComplete } = await import("../../testing/coverage.ts");
  const reporters = await import("../../testing/reporters.ts");

  const corpus = [...testing.builtinCorpus()];
  for (const dir of options.corpus ?? []) corpus.push(...readCorpusDir(resolve(cwd, dir), testing.parseJsonlCorpus));

  const loaded = await loadAgents(files, { root });
  const errors = loaded.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) {
    err(renderHuman(errors, { sources: loaded.sources, cwd, color: useColor(options, process.stderr) }));
    err("agentc test: fix the errors first");
    return EXIT_PROBLEMS;
  }

  if (options.replay !== undefined) return replay(resolve(cwd, options.replay), loaded.agents, testing);
  if (options.fuzz === true) {
    const { fuzzCommand } = await import("./test-fuzz.ts");
    return fuzzCommand(loaded.agents, { time: options.time, caseTimeout: options.caseTimeout, seed, reporter, corpus, root, cwd });
  }

  const snapshotsPassed = checkPromptSnapshots(root, cwd, loaded.agents.map((a) => a.ir), options.updateSnapshots === true, reporter === "human" ? out : err, reporter === "human");
  const agents = [];
  const { runDslTests } = await import("../../testing/dsl-tests.ts");
  for (const { ir, module, tests } of loaded.agents) {
    const started = performance.now();
    const dslTests = await runDslTests(module, tests);
    let suite = await testing.runSuite(module, { runs, seed, corpus });
    const graph = await runGraphCases(ir, module, { maxCases: Math.min(300, 3 * runs) });
    suite = withGraphCases(suite, graph);
    const paths = [...suite.paths, ...dslTests.map((t) => t.session)];
    let coverage = computeCoverage(ir, paths);
    // Coverage-directed top-up: more rounds of cases (other seeds) until every state, transition
    // and tool is reached, at most COVERAGE_ROUNDS more rounds.
    for (let round = 1; round <= COVERAGE_ROUNDS && !isComplete(coverage) && suite.properties.every((p) => p.passed); round++) {
      const more = await testing.runSuite(module, { runs, seed: (seed + round * 7919) % 0x7fffffff, corpus });
      paths.push(...more.paths);
      coverage = computeCoverage(ir, paths);
      const total = suite.cases + more.cases;
      suite = { ...more, cases: total, paths, properties: more.properties.map((p, i) => (suite.properties[i]!.passed ? { ...p, cases: total } : { ...suite.properties[i]!, cases: total })) };
    }
    const replayFiles = writeCounterexamples(root, cwd, ir, suite.properties, seed);
    // A full run must reach everything; a failing run stops early, so its coverage is not judged.
    const complete = suite.properties.some((p) => !p.passed) || isComplete(coverage);
    agents.push({
      agent: ir.name,
      file: ir.source.file,
      properties: suite.properties,
      coverage,
      coverageFailed: !complete,
      replayFiles,
      tests: dslTests,
      seconds: (performance.now() - started) / 1000,
      graph: { paths: graph.paths, cases: graph.sessions.length, followed: graph.followed, coverage: computeCoverage(ir, graph.sessions) },
    });
  }
  const report = { seed, runs, agents };
  if (reporter === "json") out(reporters.renderJsonReport(report));
  else if (reporter === "junit") out(reporters.renderJunitReport(report));
  else out(reporters.renderHumanReport(report));
  return reporters.reportPassed(report) && snapshotsPassed ? EXIT_OK : EXIT_PROBLEMS;
}

/** Compares each file's prompt snapshot (or rewrites it); prints what changed; false when one failed. */
function checkPromptSnapshots(root: string, cwd: string, irs: readonly AgentIR[], update: boolean, print: (text: string) => void, verbose: boolean): boolean {
  const byFile = new Map<string, AgentIR[]>();
  for (const ir of irs) byFile.set(ir.source.file, [...(byFile.get(ir.source.file) ?? []), ir]);
  let passed = true;
  for (const [file, agents] of byFile) {
    const result = checkSnapshot(resolve(root, file), agents, { update, ci: process.env["CI"] !== undefined && process.env["CI"] !== "" && process.env["CI"] !== "false" });
    const shown = relative(cwd, result.file);
    if (result.status === "none") continue;
    if (snapshotFailed(result)) passed = false;
    if (result.status === "changed") print(`✗ prompt snapshot ${shown} differs (rerun with --update-snapshots if the change is intended):\n${result.diff}`);
    else if (result.status === "missing") print(`✗ prompt snapshot ${shown} is missing (CI): write it with agentc test --update-snapshots and commit it`);
    else if (verbose || result.status !== "same") print(`${result.status === "same" ? "✓" : "•"} prompt snapshot ${shown}: ${result.renderings} rendering(s) ${result.status === "same" ? "unchanged" : result.status}`);
  }
  return passed;
}

/** The suite with the graph cases added: their paths, their count, and any property they broke (counterexample not shrunk). */
function withGraphCases(suite: SuiteResult, graph: GraphCasesResult): SuiteResult {
  const cases = suite.cases + graph.sessions.length;
  return {
    ...suite,
    cases,
    paths: [...suite.paths, ...graph.sessions],
    properties: suite.properties.map((p) => {
      const failure = graph.failures.get(p.property);
      return p.passed && failure !== undefined ? { ...p, cases, passed: false, counterexample: failure } : { ...p, cases };
    }),
  };
}

/** Writes each failing property's case and replay file; returns the case files (relative to cwd) by property. */
function writeCounterexamples(root: string, cwd: string, ir: { name: string; source: { file: string } }, properties: readonly PropertyResult[], seed: number): Map<string, string> {
  const files = new Map<string, string>();
  for (const p of properties) {
    if (p.counterexample === null) continue;
    const written = writeCounterexample(join(root, ".agentc", "counterexamples"), { name: ir.name, file: resolve(root, ir.source.file) }, p.property, seed, p.counterexample);
    files.set(p.property, relative(cwd, written.caseFile));
  }
  return files;
}

function readCorpusDir(dir: string, parse: (text: string, name: string) => { entries: readonly { id: string; category: string; text: string }[]; invalid: readonly { line: number; reason: string }[] }) {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".jsonl")).sort();
  } catch (error) {
    throw new UsageError(`--corpus ${dir}: ${describeFsError(error)}`);
  }
  const entries = [];
  for (const name of names) {
    const loaded = parse(readFileSync(join(dir, name), "utf8"), name);
    for (const bad of loaded.invalid) err(`corpus ${name}:${bad.line}: ${bad.reason}; skipped`);
    entries.push(...loaded.entries);
  }
  return entries;
}

async function replay(
  file: string,
  agents: readonly { ir: { name: string }; module: Parameters<typeof import("../../../runtime/testing/index.ts").runCase>[0] }[],
  testing: typeof import("../../../runtime/testing/index.ts"),
): Promise<number> {
  let saved: { agent?: unknown; case?: unknown };
  try {
    saved = JSON.parse(readFileSync(file, "utf8")) as { agent?: unknown; case?: unknown };
  } catch (error) {
    throw new UsageError(`--replay ${file}: ${error instanceof SyntaxError ? "not JSON" : describeFsError(error)}`);
  }
  const agent = agents.find((a) => a.ir.name === saved.agent);
  if (agent === undefined || typeof saved.case !== "object" || saved.case === null) throw new UsageError(`--replay ${file}: no agent ${String(saved.agent)} among the given files, or no case`);
  const run = await testing.runCase(agent.module, saved.case as never);
  for (const line of testing.timeline(run)) out(line);
  const violations = testing.checkProperties(agent.module, run);
  for (const v of violations) out(`✗ ${v.property}: ${v.message}`);
  if (violations.length === 0) out("✓ every property holds for this case");
  return violations.length === 0 ? EXIT_OK : EXIT_PROBLEMS;
}
