/**
 * Writes a failing property's counterexample: the shrunk case (`<Agent>-<property>.json`, run
 * again by `agentc test --replay`) and the shrunk session's recording as an "agentc-replay" v1
 * file (`<Agent>-<property>.replay.json`, re-run by `agentc replay <file>`), with `agentFile`
 * relative to the replay file like `agentc export` writes it.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type { ReplayFile } from "../../runtime/orchestration/tape.ts";
import type { Counterexample } from "../../runtime/testing/suite.ts";

export interface WrittenCounterexample {
  /** The case file (for `agentc test --replay`). */
  readonly caseFile: string;
  /** The replay file (for `agentc replay`). */
  readonly replayFile: string;
}

/** Writes both files into `dir` (created if needed) and returns their absolute paths. */
export function writeCounterexample(dir: string, agent: { readonly name: string; readonly file: string }, property: string, seed: number, counterexample: Counterexample): WrittenCounterexample {
  mkdirSync(dir, { recursive: true });
  const caseFile = join(dir, `${agent.name}-${property}.json`);
  writeFileSync(caseFile, `${JSON.stringify({ agent: agent.name, property, seed, message: counterexample.message, case: counterexample.case }, null, 2)}\n`);
  const replayFile = join(dir, `${agent.name}-${property}.replay.json`);
  const replay: ReplayFile = { ...counterexample.replay, agentFile: relative(dirname(replayFile), resolve(agent.file)).split("\\").join("/") };
  writeFileSync(replayFile, `${JSON.stringify(replay, null, 2)}\n`);
  return { caseFile, replayFile };
}
