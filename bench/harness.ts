/**
 * Harness benchmark (issue 6): cases (full sessions through the real runtime) per second for
 * each example agent (the minimum is `harness.cases_per_s`), and the wall time of
 * `agentc test agents/ --runs 200` (`harness.agents_suite.s`). Used by bench/run.ts;
 * `node bench/harness.ts` prints it.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadAgents } from "../compiler/load-agent.ts";
import { builtinCorpus, runSuite } from "../runtime/testing/index.ts";

export interface HarnessMetric {
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  readonly note: string;
}

const root = fileURLToPath(new URL("..", import.meta.url));
const AGENTS = ["refund", "incident-triage", "customer-support-triage", "research-publish"];

export async function benchHarness(): Promise<HarnessMetric[]> {
  const rates: { agent: string; perSecond: number }[] = [];
  for (const name of AGENTS) {
    const loaded = await loadAgents([join(root, "agents", `${name}.agent`)], { root });
    const module = loaded.agents[0]!.module;
    await runSuite(module, { runs: 20, seed: 1, corpus: builtinCorpus() }); // warm-up
    const started = performance.now();
    const suite = await runSuite(module, { runs: 300, seed: 2, corpus: builtinCorpus() });
    rates.push({ agent: name, perSecond: suite.cases / ((performance.now() - started) / 1000) });
  }
  const slowest = rates.reduce((a, b) => (a.perSecond <= b.perSecond ? a : b));
  const started = performance.now();
  const run = spawnSync(process.execPath, [join(root, "bin", "agentc.js"), "test", "agents/", "--runs", "200", "--seed", "1"], { cwd: root, encoding: "utf8" });
  const wall = (performance.now() - started) / 1000;
  return [
    {
      metric: "harness.cases_per_s",
      value: Math.round(slowest.perSecond),
      unit: "cases/s",
      note: `minimum over the example agents (${rates.map((r) => `${r.agent} ${Math.round(r.perSecond)}`).join(", ")}); 300 cases each, one at a time; goal ≥ 1,000`,
    },
    { metric: "harness.agents_suite.s", value: Math.round(wall * 10) / 10, unit: "s", note: `agentc test agents/ --runs 200 (exit ${run.status}); goal < 300 s` },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) for (const m of await benchHarness()) console.log(`${m.metric} ${m.value} ${m.unit}  ${m.note}`);
