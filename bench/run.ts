/**
 * `npm run bench`: front-end and CLI performance. Writes bench/results/latest.json as
 * `{ "<metric>": { "value": n, "unit": "…" } }` and prints a table. Every figure is a median
 * over several runs after a warm-up. Goals (issue 2): parse ≥ 8 MB/s and ≤ 15× JSON.parse,
 * check of 10k lines < 250 ms, `agentc check agents/` as a cold process < 600 ms; (issue 3)
 * a full build of 10k lines < 2,000 ms, and `agentc build agents/` as a cold process;
 * (issue 7, bench/lsp.ts) diagnostics after an edit p95 < 50 ms and completion p95 < 30 ms
 * on a 2,000-line agent, and the language server's start-up; (issue 4)
 * the runtime's per-step overhead against bare XState (≤ 1.5×) and LangGraph.js (≥ 15×), and
 * the heap of 10,000 sessions in flight (bench/runtime.ts; the `bench` script passes --expose-gc); (issue 5)
 * the session store's step cost vs a raw insert ≤ 1.2× and ≥ 10,000 steps/s (bench/store.ts).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "../language/parse.ts";
import { runCheck } from "../compiler/cli/run-check.ts";
import { bigAgent } from "../test/generators/agent-arbitrary.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const results: Record<string, { value: number; unit: string }> = {};
const notes: Record<string, string> = {};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median wall time (ms) of `runs` calls after `warmup` unmeasured ones. */
function time(fn: () => void, runs: number, warmup = 2): number {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

function record(metric: string, value: number, unit: string, note?: string): void {
  results[metric] = { value: Math.round(value * 100) / 100, unit };
  if (note) notes[metric] = note;
}

// ── parse ────────────────────────────────────────────────────────────────────
{
  // About 1 MB: size the agent by the bytes per line of a first one.
  const probe = bigAgent({ lines: 2_000, seed: 1 });
  const text = bigAgent({ lines: Math.round((2_000 * 1_050_000) / Buffer.byteLength(probe)), seed: 1 });
  const bytes = Buffer.byteLength(text);
  const first = parse("big.agent", text);
  const syntaxErrors = first.diagnostics.filter((d) => d.severity === "error").length;
  const parseMs = time(() => parse("big.agent", text), 9);
  const json = JSON.stringify(first.file);
  const jsonMs = time(() => JSON.parse(json), 9);
  record("parse.mb_per_s", bytes / 1e6 / (parseMs / 1000), "MB/s", `${(bytes / 1e6).toFixed(2)} MB, ${text.split("\n").length} lines, ${syntaxErrors} syntax errors`);
  record("parse.ratio_vs_json_parse", parseMs / jsonMs, "x", `lex+parse ${parseMs.toFixed(1)} ms; JSON.parse of the AST (${(json.length / 1e6).toFixed(1)} MB) ${jsonMs.toFixed(1)} ms`);
  // The AST's JSON is much larger than the source, so also compare time per byte read.
  const jsonBytes = Buffer.byteLength(json);
  record("parse.ratio_vs_json_parse_per_mb", parseMs / bytes / (jsonMs / jsonBytes), "x", `per MB of input: ${(bytes / 1e6 / (parseMs / 1000)).toFixed(1)} vs ${(jsonBytes / 1e6 / (jsonMs / 1000)).toFixed(1)} MB/s`);
}

// ── check ────────────────────────────────────────────────────────────────────
{
  const dir = mkdtempSync(join(tmpdir(), "agentc-bench-"));
  try {
    const file = join(dir, "big.agent");
    const text = bigAgent({ lines: 10_000, seed: 2 });
    writeFileSync(file, text);
    let diagnostics = 0;
    const ms = time(() => {
      diagnostics = runCheck([file], { root: dir }).diagnostics.length;
    }, 7);
    record("check.10k_lines.ms", ms, "ms", `${text.split("\n").length} lines, ${diagnostics} diagnostics`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ── CLI start-up ─────────────────────────────────────────────────────────────
{
  const bin = join(root, "bin", "agentc.js");
  const agents = join(root, "agents");
  const hasAgents = existsSync(agents) && readdirSync(agents).some((f) => f.endsWith(".agent"));
  const target = hasAgents ? "agents/" : "test/compiler/cli/fixtures/clean/";
  const run = (env: NodeJS.ProcessEnv) => {
    const start = performance.now();
    const r = spawnSync(process.execPath, [bin, "check", target], { cwd: root, env: { ...process.env, ...env }, encoding: "utf8" });
    const ms = performance.now() - start;
    if (r.status !== 0 && r.status !== 1) throw new Error(`agentc check ${target} exited ${r.status}: ${r.stderr}`);
    return ms;
  };
  const samples = (env: NodeJS.ProcessEnv, n: number) => {
    run(env);
    return median(Array.from({ length: n }, () => run(env)));
  };
  const note = hasAgents ? "node bin/agentc.js check agents/" : "agents/ is empty: measured on the clean CLI fixture";
  record("cli.check_examples.ms", samples({}, 7), "ms", `${note} (Node compile cache warm)`);
  record("cli.check_examples.no_cache.ms", samples({ NODE_DISABLE_COMPILE_CACHE: "1" }, 5), "ms", `${note} (compile cache off: a first run)`);
}

// ── build ────────────────────────────────────────────────────────────────────
{
  const { build } = await import("../compiler/build.ts");
  const dir = mkdtempSync(join(tmpdir(), "agentc-bench-build-"));
  try {
    const file = join(dir, "big.agent");
    const text = bigAgent({ lines: 10_000, seed: 2 });
    writeFileSync(file, text);
    writeFileSync(join(dir, "package.json"), "{}");
    let files = 0;
    const ms = time(() => {
      const result = build([file], { root: dir, out: join(dir, "out") });
      files = result.agents.reduce((n, a) => n + a.files.size, 0);
    }, 5, 1);
    record("build.10k_lines.ms", ms, "ms", `check + lower + every emitter + atomic write, ${text.split("\n").length} lines, ${files} files (ts-morph loaded once, warm)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const out = mkdtempSync(join(tmpdir(), "agentc-bench-out-"));
  const lockRoot = mkdtempSync(join(tmpdir(), "agentc-bench-root-"));
  try {
    // a copy of agents/ in its own workspace, so the bench never touches agentc.lock.json
    spawnSync("cp", ["-r", join(root, "agents"), join(lockRoot, "agents")]);
    writeFileSync(join(lockRoot, "package.json"), "{}");
    const bin = join(root, "bin", "agentc.js");
    const once = () => {
      const start = performance.now();
      const r = spawnSync(process.execPath, [bin, "build", "agents/", "--out", out], { cwd: lockRoot, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`agentc build agents/ exited ${r.status}: ${r.stderr}`);
      return performance.now() - start;
    };
    once();
    record("build.examples.ms", median(Array.from({ length: 5 }, once)), "ms", "node bin/agentc.js build agents/ as a cold process (4 agents)");
  } finally {
    rmSync(out, { recursive: true, force: true });
    rmSync(lockRoot, { recursive: true, force: true });
  }
}

// ── language server (over the protocol) ─────────────────────────────────────
{
  const { lspBenchmarks } = await import("./lsp.ts");
  for (const m of await lspBenchmarks()) record(m.metric, m.value, m.unit, m.note);
}

// ── runtime ──────────────────────────────────────────────────────────────────
{
  const { runtimeFigures } = await import("./runtime.ts");
  for (const f of await runtimeFigures()) record(f.metric, f.value, f.unit, f.note);
}

// ── session store ────────────────────────────────────────────────────────────
{
  const { benchStore } = await import("./store.ts");
  for (const m of await benchStore()) record(m.metric, m.value, m.unit, m.note);
}

// ── agentc test harness ───────────────────────────────────────────────────────
{
  const { benchHarness } = await import("./harness.ts");
  for (const m of await benchHarness()) record(m.metric, m.value, m.unit, m.note);
}

const outDir = join(root, "bench", "results");
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, "latest.json"), JSON.stringify(results, null, 2) + "\n");

const rows = Object.entries(results).map(([metric, { value, unit }]) => [metric, String(value), unit, notes[metric] ?? ""]);
const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), ["metric", "value", "unit"][i]!.length));
const line = (r: string[]) => `${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padStart(widths[1]!)}  ${r[2]!.padEnd(widths[2]!)}  ${r[3]}`.trimEnd();
console.log(line(["metric", "value", "unit", "notes"]));
for (const r of rows) console.log(line(r));
console.log(`\nwrote ${join(outDir, "latest.json")}`);
