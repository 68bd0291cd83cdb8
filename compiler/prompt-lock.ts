/**
 * The prompt lockfile: one content hash per prompt version, committed with the agents.
 * Prompts change like database migrations — a new text needs a new version — so a text
 * whose hash differs from the one recorded for its version is an error, and every version
 * ever recorded stays in the file (reverting to an old number with new text is caught too).
 *
 * File: `agentc.lock.json` at the workspace root.
 * { "lockfileVersion": 1, "agents": { "<Agent>": { "<prompt>": { "v<N>": "sha256:…" } } } }
 */
import type { AgentIR } from "./ir/ir.ts";

export const LOCKFILE_NAME = "agentc.lock.json";

export interface PromptLock {
  readonly lockfileVersion: 1;
  readonly agents: ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<number, string>>>;
}

export class LockfileError extends Error {}

export function emptyLock(): PromptLock {
  return { lockfileVersion: 1, agents: new Map() };
}

/** Parses the lockfile text; a corrupt file is a `LockfileError` with a one-line reason. */
export function parseLock(text: string, path: string): PromptLock {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new LockfileError(`${path} is not valid JSON (${(error as Error).message}); restore it from git or delete it to re-record every prompt`);
  }
  const fail = (why: string): never => {
    throw new LockfileError(`${path} is corrupt: ${why}; restore it from git or delete it to re-record every prompt`);
  };
  if (!isObject(raw)) return fail("expected an object");
  if (raw["lockfileVersion"] !== 1) return fail(`unsupported lockfileVersion ${JSON.stringify(raw["lockfileVersion"])}`);
  const agents = raw["agents"];
  if (!isObject(agents)) return fail('"agents" must be an object');
  const result = new Map<string, Map<string, Map<number, string>>>();
  for (const [agent, prompts] of Object.entries(agents)) {
    if (!isObject(prompts)) return fail(`agents.${agent} must be an object`);
    const promptMap = new Map<string, Map<number, string>>();
    for (const [prompt, versions] of Object.entries(prompts)) {
      if (!isObject(versions)) return fail(`agents.${agent}.${prompt} must be an object`);
      const versionMap = new Map<number, string>();
      for (const [version, hash] of Object.entries(versions)) {
        const match = /^v([0-9]+)$/.exec(version);
        if (match === null) return fail(`agents.${agent}.${prompt} has a key "${version}" that is not v<N>`);
        if (typeof hash !== "string" || !/^sha256:[0-9a-f]{64}$/.test(hash)) return fail(`agents.${agent}.${prompt}.${version} is not a sha256 hash`);
        versionMap.set(Number(match[1]), hash);
      }
      promptMap.set(prompt, versionMap);
    }
    result.set(agent, promptMap);
  }
  return { lockfileVersion: 1, agents: result };
}

/** Canonical text: sorted keys, two-space indent, final newline (stable diffs). */
export function serializeLock(lock: PromptLock): string {
  // Object.fromEntries defines own properties, so an agent named __proto__ stays data
  const agents = Object.fromEntries(
    [...lock.agents.keys()].sort().map((agent) => {
      const promptMap = lock.agents.get(agent)!;
      const prompts = Object.fromEntries(
        [...promptMap.keys()].sort().map((prompt) => {
          const versionMap = promptMap.get(prompt)!;
          const versions = Object.fromEntries([...versionMap.keys()].sort((a, b) => a - b).map((v) => [`v${v}`, versionMap.get(v)!]));
          return [prompt, versions];
        }),
      );
      return [agent, prompts];
    }),
  );
  return `${JSON.stringify({ lockfileVersion: 1, agents }, null, 2)}\n`;
}

export interface PromptChange {
  readonly agent: string;
  readonly prompt: string;
  readonly version: number;
  readonly recorded: string;
  readonly actual: string;
}

export interface LockResult {
  /** The lock with every current prompt version recorded. */
  readonly lock: PromptLock;
  /** Versions whose text changed since they were recorded: errors. */
  readonly changed: readonly PromptChange[];
  /** Versions recorded now for the first time. */
  readonly added: readonly { readonly agent: string; readonly prompt: string; readonly version: number }[];
}

/** Compares the agents' prompts with the lock and records new versions (never rewrites one). */
export function updateLock(lock: PromptLock, agents: readonly AgentIR[]): LockResult {
  const next = new Map<string, Map<string, Map<number, string>>>();
  for (const [agent, prompts] of lock.agents) {
    next.set(agent, new Map([...prompts].map(([p, versions]) => [p, new Map(versions)])));
  }
  const changed: PromptChange[] = [];
  const added: { agent: string; prompt: string; version: number }[] = [];
  for (const agent of agents) {
    const prompts = next.get(agent.name) ?? new Map<string, Map<number, string>>();
    next.set(agent.name, prompts);
    for (const prompt of agent.prompts) {
      const versions = prompts.get(prompt.name) ?? new Map<number, string>();
      prompts.set(prompt.name, versions);
      const recorded = versions.get(prompt.version);
      if (recorded === undefined) {
        versions.set(prompt.version, prompt.hash);
        added.push({ agent: agent.name, prompt: prompt.name, version: prompt.version });
      } else if (recorded !== prompt.hash) {
        changed.push({ agent: agent.name, prompt: prompt.name, version: prompt.version, recorded, actual: prompt.hash });
      }
    }
  }
  return { lock: { lockfileVersion: 1, agents: next }, changed, added };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
