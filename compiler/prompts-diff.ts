/**
 * `agentc prompts diff <file>`: the agent's prompts rendered for each of its example
 * inputs, before (the file at git HEAD) and after (the working tree), as unified diffs.
 * Placeholders the examples cannot fill (step results) stay visible as `{{ path }}`.
 */
import { execFileSync } from "node:child_process";
import { dirname, relative } from "node:path";
import { createTwoFilesPatch } from "diff";
import type { AgentDecl, ExampleDecl, PromptDecl } from "../language/ast.ts";
import { parse } from "../language/parse.ts";
import type { JsonValue, PromptIR } from "./ir/ir.ts";
import { exprValue, lowerPrompt } from "./ir/lower.ts";

export class PromptsDiffError extends Error {}

export interface RenderedPrompt {
  readonly prompt: string;
  readonly version: number;
  readonly example: string;
  readonly text: string;
}

/** Every prompt × example rendering of one agent's source text. */
export function renderPrompts(path: string, text: string): RenderedPrompt[] {
  const parsed = parse(path, text);
  const errors = parsed.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) {
    const at = parsed.source.positionAt(errors[0]!.span.start);
    throw new PromptsDiffError(`${path}:${at.line + 1}:${at.character + 1}: ${errors[0]!.message} (fix syntax errors first: agentc check ${path})`);
  }
  const agent: AgentDecl | undefined = parsed.file.agent;
  if (agent === undefined) throw new PromptsDiffError(`${path} declares no agent`);
  const prompts = agent.members.filter((m): m is PromptDecl => m.kind === "PromptDecl").map((p) => lowerPrompt(p, []));
  const examples = agent.members.filter((m): m is ExampleDecl => m.kind === "ExampleDecl");
  const inputs: { name: string; value: JsonValue }[] =
    examples.length > 0 ? examples.map((e) => ({ name: e.name.value, value: exprValue(e.value) })) : [{ name: "(no example input)", value: {} }];
  const out: RenderedPrompt[] = [];
  for (const prompt of prompts) {
    for (const input of inputs) out.push({ prompt: prompt.name, version: prompt.version, example: input.name, text: renderWithExample(prompt, input.value) });
  }
  return out;
}

export function renderWithExample(prompt: PromptIR, input: JsonValue): string {
  return prompt.parts
    .map((part) => {
      if (part.kind === "text") return part.text;
      const path = [part.root, ...part.fields];
      if (part.root !== "input") return `{{ ${path.join(".")} }}`;
      let value: JsonValue | undefined = input;
      for (const key of part.fields) {
        value = value !== null && typeof value === "object" && !Array.isArray(value) && Object.hasOwn(value, key) ? (value as Record<string, JsonValue>)[key] : undefined;
      }
      if (value === undefined) return `{{ ${path.join(".")} }}`;
      return typeof value === "string" ? value : JSON.stringify(value);
    })
    .join("");
}

/** Unified diffs of every rendering that changed, added or disappeared; "" when none did. */
export function diffRenderings(path: string, before: readonly RenderedPrompt[], after: readonly RenderedPrompt[]): string {
  const key = (r: RenderedPrompt): string => `${r.prompt} · ${r.example}`;
  const old = new Map(before.map((r) => [key(r), r]));
  const now = new Map(after.map((r) => [key(r), r]));
  const keys = [...new Set([...old.keys(), ...now.keys()])].sort();
  const chunks: string[] = [];
  for (const k of keys) {
    const a = old.get(k);
    const b = now.get(k);
    if (a?.text === b?.text && a?.version === b?.version) continue;
    const label = (r: RenderedPrompt | undefined, side: string): string => (r === undefined ? `${side}: (none)` : `${side}: ${r.prompt} v${r.version} for example "${r.example}"`);
    const patch = createTwoFilesPatch("a", "b", a === undefined ? "" : `${a.text}\n`, b === undefined ? "" : `${b.text}\n`, undefined, undefined, { context: 3 });
    // the library quotes labels with spaces; write the two header lines ourselves
    const hunks = patch.slice(patch.indexOf("\n@@") + 1);
    chunks.push(`--- ${label(a, "HEAD")}\n+++ ${label(b, "working tree")}\n${hunks}`);
  }
  return chunks.join("\n");
}

/** The file's text at git HEAD, or undefined when it is not committed yet. */
export function readAtHead(file: string): string | undefined {
  const cwd = dirname(file);
  let top: string;
  try {
    top = execFileSync("git", ["rev-parse", "--show-toplevel"], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    throw new PromptsDiffError(`${file} is not inside a git repository: prompts diff compares with git HEAD`);
  }
  const path = relative(top, file).split("\\").join("/");
  try {
    return execFileSync("git", ["show", `HEAD:${path}`], { cwd: top, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 64 * 1024 * 1024 });
  } catch {
    return undefined;
  }
}
