/**
 * `agentc test --fuzz --time 60s`: fuzzes every given agent until the time is up (each case
 * under its own timeout) and prints, per agent, its cases, cases per second and any failure
 * with its timeline; failures are written to `.agentc/counterexamples/` like the suite's.
 * Exit 1 on any failure.
 */
import { join, relative, resolve } from "node:path";
import type { AnyStateMachine } from "xstate";
import type { AgentModule } from "../../../runtime/contract.ts";
import type { CorpusEntry, FuzzResult } from "../../../runtime/testing/index.ts";
import { writeCounterexample } from "../../testing/counterexamples.ts";
import { EXIT_OK, EXIT_PROBLEMS, UsageError } from "../errors.ts";
import { out } from "../output.ts";

export interface FuzzCommandOptions {
  readonly time?: string;
  readonly caseTimeout?: string;
  readonly seed: number;
  readonly reporter: "human" | "json" | "junit";
  readonly corpus: readonly CorpusEntry[];
  readonly root: string;
  readonly cwd: string;
}

/** `60s`, `2m`, `500ms`, `1h`, or a bare number of seconds, in milliseconds; a usage error otherwise. */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (match === null || Number(match[1]) <= 0) throw new UsageError(`${flag} ${text}: expected a duration such as 60s, 2m or 500ms`);
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[(match[2] ?? "s") as "ms" | "s" | "m" | "h"];
  return Number(match[1]) * unit;
}

export async function fuzzCommand(agents: readonly { ir: { name: string; source: { file: string } }; module: AgentModule<AnyStateMachine> }[], options: FuzzCommandOptions): Promise<number> {
  if (options.time === undefined) throw new UsageError("--fuzz needs --time <duration> (for example --time 60s)");
  const timeMs = parseDuration(options.time, "--time");
  const timeoutMs = options.caseTimeout !== undefined ? parseDuration(options.caseTimeout, "--case-timeout") : 10_000;
  const { fuzz } = await import("../../../runtime/testing/fuzz.ts");
  const result = await fuzz(agents.map((a) => a.module), { timeMs, seed: options.seed, corpus: options.corpus, timeoutMs });
  const files = new Map<string, string>();
  for (const agent of result.agents) {
    const ir = agents.find((a) => a.ir.name === agent.agent)!.ir;
    for (const f of agent.failures) {
      const written = writeCounterexample(join(options.root, ".agentc", "counterexamples"), { name: ir.name, file: resolve(options.root, ir.source.file) }, f.property, options.seed, f.counterexample);
      files.set(`${agent.agent}\u0000${f.property}`, relative(options.cwd, written.replayFile));
    }
  }
  out(options.reporter === "json" ? renderFuzzJson(result, files) : renderFuzzHuman(result, files));
  return result.passed ? EXIT_OK : EXIT_PROBLEMS;
}

function renderFuzzHuman(result: FuzzResult, files: ReadonlyMap<string, string>): string {
  const lines: string[] = [];
  for (const a of result.agents) {
    lines.push(`${a.agent}: ${a.cases} cases in ${a.seconds.toFixed(1)}s, ${a.casesPerSecond.toFixed(1)} cases/s, ${a.failures.length === 0 ? "no failure" : `${a.failures.length} failing propert${a.failures.length === 1 ? "y" : "ies"}`}`);
    for (const f of a.failures) {
      lines.push(`  ✗ ${f.property}: ${f.counterexample.message}`);
      lines.push("    case timeline (not shrunk):");
      for (const line of f.counterexample.timeline) lines.push(`      ${line}`);
      const file = files.get(`${a.agent}\u0000${f.property}`);
      if (file !== undefined) lines.push(`    session replay: agentc replay ${file}`);
    }
  }
  const total = result.agents.reduce((n, a) => n + a.cases, 0);
  lines.push(`${result.passed ? "fuzz: no failure" : "fuzz: FAILED"}: ${total} cases in ${result.seconds.toFixed(1)}s (seed ${result.seed})`);
  return `${lines.join("\n")}\n`;
}

function renderFuzzJson(result: FuzzResult, files: ReadonlyMap<string, string>): string {
  const doc = {
    seed: result.seed,
    seconds: result.seconds,
    passed: result.passed,
    agents: result.agents.map((a) => ({
      agent: a.agent,
      cases: a.cases,
      seconds: a.seconds,
      casesPerSecond: a.casesPerSecond,
      failures: a.failures.map((f) => ({ property: f.property, message: f.counterexample.message, case: f.counterexample.case, timeline: f.counterexample.timeline, replay: files.get(`${a.agent}\u0000${f.property}`) ?? null })),
    })),
  };
  return `${JSON.stringify(doc)}\n`;
}
