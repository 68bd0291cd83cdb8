/** A failing property's counterexample: a readable timeline, a case file, and a replay file that `agentc replay` re-runs with no divergence. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadAgents } from "../../../compiler/load-agent.ts";
import { writeCounterexample } from "../../../compiler/testing/counterexamples.ts";
import type { ReplayFile } from "../../../runtime/orchestration/tape.ts";
import { replayTape } from "../../../runtime/orchestration/replay.ts";
import { replayFileOf, runCase, runSuite } from "../../../runtime/testing/index.ts";
import { agentc } from "../cli/run-cli.ts";

const repo = join(import.meta.dirname, "..", "..", "..");
const mutantFile = join(repo, "test", "runtime", "testing", "fixtures", "mutant.agent");
const temp = mkdtempSync(join(tmpdir(), "agentc-counterexample-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe("counterexample files", () => {
  it("a runtime without the token budget: the shrunk run is a timeline and a replay file that `agentc replay` re-runs with no divergence", async () => {
    const loaded = await loadAgents([mutantFile], { root: repo });
    const spec = loaded.agents[0]!.module;
    const broken = { ...spec, metadata: { ...spec.metadata, budget: { ...spec.metadata.budget, tokens: undefined } } };
    const tight = { ...spec, metadata: { ...spec.metadata, budget: { ...spec.metadata.budget, tokens: 300 } } };
    const suite = await runSuite(broken, { reference: tight, runs: 30, seed: 5, crashes: false });
    const failed = suite.properties.find((p) => p.property === "budgets")!;
    expect(failed.passed).toBe(false);
    const counterexample = failed.counterexample!;
    expect(counterexample.timeline[0]).toMatch(/^input /);
    expect(counterexample.timeline.join("\n")).toMatch(/step 1 look \(loop\)[\s\S]*finished: /);

    const written = writeCounterexample(join(temp, ".agentc", "counterexamples"), { name: "Mutant", file: mutantFile }, "budgets", 5, counterexample);
    expect(written.replayFile).toMatch(/Mutant-budgets\.replay\.json$/);
    const replay = JSON.parse(readFileSync(written.replayFile, "utf8")) as ReplayFile;
    expect(replay).toMatchObject({ format: "agentc-replay", formatVersion: 1, agent: { name: "Mutant" }, masked: false, input: counterexample.case.input });
    expect(replay.agentFile).toMatch(/^(\.\.\/)+.*test\/runtime\/testing\/fixtures\/mutant\.agent$/);
    expect(replay.tape.some((e) => e.t === "slot")).toBe(true);
    expect(replay.tape.at(-1)).toMatchObject({ t: "end" });
    expect(JSON.parse(readFileSync(written.caseFile, "utf8"))).toMatchObject({ agent: "Mutant", property: "budgets", case: counterexample.case });

    const result = agentc(["replay", written.replayFile], { cwd: temp });
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("no divergence\n");
    expect(result.status).toBe(0);
  }, 60_000);

  it("a case with an injected crash: the replay file holds the store's recording across the resume and replays with no divergence", async () => {
    const loaded = await loadAgents([mutantFile], { root: repo });
    const module = loaded.agents[0]!.module;
    const testCase = { seed: 1, input: { q: "a quiet question" }, model: { script: { find: [{ done: true }] }, obedient: false }, tools: {}, humans: [], crash: { effect: 0, when: "after" as const } };
    const run = await runCase(module, testCase);
    expect(run.crashed).toBe(true);
    const file = replayFileOf(module, testCase, run);
    expect(file.tape.filter((e) => e.t === "slot").map((e) => (e.t === "slot" ? e.state : ""))).toEqual(["look", "pay"]);
    const replayed = await replayTape(module, file.input, file.tape);
    expect(replayed.divergence).toBeUndefined();
    expect(replayed.outcome).toMatchObject({ kind: "reply" });
  });
});
