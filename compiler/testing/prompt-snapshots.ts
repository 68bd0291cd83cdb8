/**
 * Prompt snapshots: each agent's prompts rendered for each of its declared `example` inputs,
 * compared with a committed Markdown file next to the agent (`<dir>/__snapshots__/<file>.prompts.md`,
 * one per .agent file). Input placeholders are filled from the example (as the runtime renders
 * them); step-result placeholders stay verbatim as `{{ path }}` (nothing generated), so a
 * snapshot changes only when a prompt or an example changes. A changed snapshot is reported
 * as a unified diff; `agentc test --update-snapshots` rewrites them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { createTwoFilesPatch } from "diff";
import { renderTemplate } from "../../runtime/contract.ts";
import type { AgentIR, JsonValue, PromptIR } from "../ir/ir.ts";

export type SnapshotStatus = "same" | "changed" | "missing" | "written" | "updated" | "none";

export interface SnapshotResult {
  /** The snapshot file (absolute). */
  readonly file: string;
  readonly status: SnapshotStatus;
  /** Prompt × example renderings in the file. */
  readonly renderings: number;
  /** For `changed`: the unified diff from the committed snapshot to now. */
  readonly diff: string;
}

/** Where the snapshot of an .agent file lives. */
export function snapshotPath(agentFile: string): string {
  return join(dirname(agentFile), "__snapshots__", `${basename(agentFile, ".agent")}.prompts.md`);
}

/** One prompt rendered for one example input: input placeholders filled, result placeholders kept. */
export function renderForExample(prompt: PromptIR, input: JsonValue): string {
  return prompt.parts
    .map((part) => {
      if (part.kind === "text") return part.text;
      if (part.root !== "input") return `{{ ${[part.root, ...part.fields].join(".")} }}`;
      return renderTemplate([{ kind: "placeholder", path: ["input", ...part.fields] }], { input, results: {} });
    })
    .join("");
}

/** The snapshot text of the agents of one file (empty when none declares an example). */
export function renderSnapshot(agents: readonly AgentIR[]): { text: string; renderings: number } {
  const lines: string[] = ["<!-- Prompt snapshots written by `agentc test --update-snapshots`: each prompt rendered for each example input; {{ result.path }} placeholders are kept as written. Do not edit. -->"];
  let renderings = 0;
  for (const agent of agents) {
    if (agent.examples.length === 0) continue;
    lines.push("", `# ${agent.name}`);
    for (const prompt of agent.prompts) {
      for (const example of agent.examples) {
        const text = renderForExample(prompt, example.value);
        const fence = "`".repeat(Math.max(3, longestRun(text, "`") + 1));
        lines.push("", `## ${prompt.name} v${prompt.version} · example "${example.name}"`, "", `${fence}text`, text, fence);
        renderings += 1;
      }
    }
  }
  return { text: `${lines.join("\n")}\n`, renderings };
}

/** Compares (or with `update`, rewrites) the snapshot of one .agent file. A missing snapshot is written, except in CI (`ci`), where it fails. */
export function checkSnapshot(agentFile: string, agents: readonly AgentIR[], options: { readonly update: boolean; readonly ci: boolean }): SnapshotResult {
  const file = snapshotPath(agentFile);
  const { text, renderings } = renderSnapshot(agents);
  if (renderings === 0) return { file, status: "none", renderings, diff: "" };
  const committed = existsSync(file) ? readFileSync(file, "utf8") : undefined;
  if (committed === text) return { file, status: "same", renderings, diff: "" };
  if (committed === undefined && !options.update && options.ci) return { file, status: "missing", renderings, diff: "" };
  if (committed !== undefined && !options.update) {
    const patch = createTwoFilesPatch("snapshot", "now", committed, text, undefined, undefined, { context: 3 });
    return { file, status: "changed", renderings, diff: `--- ${file} (committed)\n+++ rendered now\n${patch.slice(patch.indexOf("\n@@") + 1)}` };
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return { file, status: committed === undefined ? "written" : "updated", renderings, diff: "" };
}

export function snapshotFailed(result: SnapshotResult): boolean {
  return result.status === "changed" || result.status === "missing";
}

function longestRun(text: string, char: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}
