/**
 * The session commands, all on the session store (`.agentc/sessions.db`, `--store`,
 * `AGENTC_STORE`): `sessions` (one line each, oldest first), `sessions prune`, `show <id>` (a
 * timeline from the recording), `replay <id | file>` (offline, exact; `--against` a changed
 * agent), `resume <id>` (after a crash or deploy) and `export <id>` (a replay file with `@pii`
 * values masked).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import type { AnyStateMachine } from "xstate";
import type { AgentModule, Outcome } from "../../../runtime/contract.ts";
import { describeOutcome, describeRequest, replayTape } from "../../../runtime/orchestration/replay.ts";
import { maskTape, type ReplayFile, type TapeEntry } from "../../../runtime/orchestration/tape.ts";
import { createRuntime, InvalidResponseError, ResumeError, RuntimeConfigurationError, type Runtime } from "../../../runtime/runtime.ts";
import type { Session, SessionSettled } from "../../../runtime/orchestration/session.ts";
import type { SessionEvent } from "../../../runtime/orchestration/events.ts";
import { UnknownSessionError, type SessionStatus, type SessionStore, type SessionSummary, type StoredSession } from "../../../runtime/stores/types.ts";
import { renderHuman, renderSummary, summarize } from "../../diagnostics/render.ts";
import { loadAgents } from "../../load-agent.ts";
import { describeFsError, EXIT_OK, EXIT_PROBLEMS, UsageError } from "../errors.ts";
import { out, useColor } from "../output.ts";
import { findWorkspaceRoot } from "../workspace.ts";
import { openStore, runtimeParts, settle, settledLine, Timeline, type RunOptions } from "./run.ts";

export interface StoreOptions {
  readonly store?: string;
  readonly color?: boolean;
}

// ── sessions ──────────────────────────────────────────────────────────────────

export async function sessionsCommand(options: StoreOptions & { readonly status?: string; readonly agent?: string }): Promise<number> {
  const statuses: readonly SessionStatus[] = ["running", "waiting", "replied", "escalated"];
  if (options.status !== undefined && !statuses.includes(options.status as SessionStatus)) throw new UsageError(`--status is one of ${statuses.join(", ")}`);
  const store = openStore(options);
  try {
    const list = await store.listSessions({ ...(options.status !== undefined ? { status: options.status as SessionStatus } : {}), ...(options.agent !== undefined ? { agent: options.agent } : {}) });
    if (list.length === 0) {
      out("no sessions");
      return EXIT_OK;
    }
    const rows = [["STATUS", "AGENT", "VERSION", "STEPS", "TOKENS", "COST", "STARTED", "ENDED", "ID"], ...list.map(sessionRow)];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    out(rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ")).join("\n"));
    return EXIT_OK;
  } finally {
    await store.close();
  }
}

function sessionRow(s: SessionSummary): string[] {
  return [s.status, s.agent.name, `v${s.agent.version}`, String(s.steps), String(s.tokens), `$${s.costUsd.toFixed(4)}`, iso(s.createdAt), s.endedAt === undefined ? "-" : iso(s.endedAt), s.id];
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export async function pruneCommand(options: StoreOptions & { readonly olderThan: string }): Promise<number> {
  const age = parseAge(options.olderThan);
  const store = openStore(options);
  try {
    const removed = await store.prune(Date.now() - age);
    out(`pruned ${removed} session(s) that ended more than ${options.olderThan} ago`);
    return EXIT_OK;
  } finally {
    await store.close();
  }
}

function parseAge(text: string): number {
  const match = /^(\d+)(m|h|d)$/.exec(text.trim());
  if (match === null) throw new UsageError(`--older-than takes an age like 30d, 12h or 90m, not ${JSON.stringify(text)}`);
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as "m" | "h" | "d"];
  return Number(match[1]) * unit;
}

// ── show ──────────────────────────────────────────────────────────────────────

export async function showCommand(id: string, options: StoreOptions): Promise<number> {
  const store = openStore(options);
  try {
    const session = await getSession(store, id);
    out(`session ${session.id}  ${session.agent.name} v${session.agent.version}  ${session.status}  started ${iso(session.createdAt)}${session.endedAt !== undefined ? `, ended ${iso(session.endedAt)}` : ""}`);
    out(`input ${JSON.stringify(session.input)}`);
    for (const line of tapeTimeline(tapeOf(session))) out(line);
    out(`${session.steps} steps, ${session.tokens} tokens, $${session.costUsd.toFixed(6)}`);
    out(session.outcome === undefined ? `${session.status}: no outcome yet` : outcomeLine(session.outcome));
    return EXIT_OK;
  } finally {
    await store.close();
  }
}

export function outcomeLine(outcome: Outcome): string {
  return outcome.kind === "reply" ? `replied: ${JSON.stringify(outcome.output)}` : `escalated to ${outcome.target}: ${outcome.reason}`;
}

function tapeTimeline(tape: readonly TapeEntry[]): string[] {
  const lines: string[] = [];
  for (const e of tape) {
    switch (e.t) {
      case "clock":
        lines.push(`${String(e.step).padStart(3)}  ${e.state}  at ${iso(e.at)}`);
        break;
      case "model":
        lines.push(`       model ${e.model} ${e.kind} with prompt ${e.prompt.name} v${e.prompt.version}: ${e.inputTokens} in / ${e.outputTokens} out tokens${e.ok ? "" : `, failed: ${e.error ?? "error"}`}`);
        if (e.responseText !== undefined) lines.push(`         answered ${compact(e.responseText)}`);
        break;
      case "tool":
        lines.push(`       tool ${e.tool}(${compact(JSON.stringify(e.args))}) → ${e.outcome.ok ? compact(JSON.stringify(e.outcome.value)) : failureText(e.outcome.failure)}`);
        break;
      case "human":
        lines.push(`       human ${e.ok ? `answered ${compact(JSON.stringify(e.response))}` : "did not answer"}`);
        break;
      case "slot":
        lines.push(`       ${e.outcome.ok ? "→ ok" : `→ ${failureText(e.outcome.failure)}`}`);
        break;
      case "stop":
        lines.push(`       stopped${e.guard !== undefined ? ` by ${e.guard}` : ""}: ${e.reason}`);
        break;
      case "end":
        break;
    }
  }
  return lines;
}

function failureText(f: { kind: string; message: string; name?: string }): string {
  return f.kind === "error" ? `${f.name}: ${f.message}` : `${f.kind}: ${f.message}`;
}

function compact(text: string): string {
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

// ── replay ────────────────────────────────────────────────────────────────────

interface Recording {
  readonly sessionId: string;
  readonly agentName: string;
  readonly agentFile: string | undefined;
  readonly input: unknown;
  readonly tape: readonly TapeEntry[];
}

export async function replayCommand(target: string, options: StoreOptions & { readonly against?: string; readonly agent?: string }): Promise<number> {
  const recording = looksLikeFile(target) ? readReplayFile(target) : await recordingFromStore(target, options);
  const agentFile = options.against ?? options.agent ?? recording.agentFile;
  if (agentFile === undefined) throw new UsageError(`the recording does not say which .agent file it came from: pass --agent <file.agent>`);
  const module = await loadModule(agentFile, recording.agentName, options);
  if (module === undefined) return EXIT_PROBLEMS;
  const result = await replayTape(module, recording.input, recording.tape);
  if (options.against !== undefined) {
    out(`recorded: ${recording.tape.filter((e) => e.t === "slot").map((e) => (e.t === "slot" ? e.state : "")).join(" → ")} → ${result.recordedOutcome === undefined ? "(no end)" : describeOutcome(result.recordedOutcome)}`);
    out(`${options.against}: ${result.path.map((p) => p.state).join(" → ")}${result.outcome !== undefined ? ` → ${describeOutcome(result.outcome)}` : ""}`);
    if (result.same) {
      out("same path: the changed agent decides as recorded");
      return EXIT_OK;
    }
    out(`path differs at step ${result.divergence!.step}: ${result.divergence!.message}`);
    const step = result.path[result.divergence!.step - 1];
    if (step !== undefined) out(`  now: ${step.state} (${describeRequest(step.request)})`);
    return EXIT_PROBLEMS;
  }
  if (result.same) {
    out("no divergence");
    return EXIT_OK;
  }
  out(`divergence at step ${result.divergence!.step}: ${result.divergence!.message}`);
  return EXIT_PROBLEMS;
}

function looksLikeFile(target: string): boolean {
  return target.endsWith(".json") || target.includes("/") || target.includes("\\");
}

function readReplayFile(path: string): Recording {
  let text: string;
  try {
    text = readFileSync(resolve(path), "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${describeFsError(error)}`);
  }
  let parsed: Partial<ReplayFile>;
  try {
    parsed = JSON.parse(text) as Partial<ReplayFile>;
  } catch (error) {
    throw new UsageError(`${path} is not a replay file (invalid JSON: ${(error as Error).message})`);
  }
  if (parsed.format !== "agentc-replay" || parsed.formatVersion !== 1 || !Array.isArray(parsed.tape) || parsed.agent === undefined)
    throw new UsageError(`${path} is not an agentc replay file (write one with \`agentc export <session-id>\`)`);
  const hint = typeof parsed.agentFile === "string" ? resolve(dirname(resolve(path)), parsed.agentFile) : undefined;
  return { sessionId: String(parsed.sessionId), agentName: parsed.agent.name, agentFile: hint, input: parsed.input, tape: parsed.tape };
}

async function recordingFromStore(id: string, options: StoreOptions): Promise<Recording> {
  const store = openStore(options);
  try {
    const session = await getSession(store, id);
    return { sessionId: session.id, agentName: session.agent.name, agentFile: session.agent.file, input: session.input, tape: tapeOf(session) };
  } finally {
    await store.close();
  }
}

async function getSession(store: SessionStore, id: string): Promise<StoredSession> {
  const session = await store.getSession(id);
  if (session === undefined) throw new UsageError(`no session ${id} in the store (list them with \`agentc sessions\`)`);
  return session;
}

function tapeOf(session: StoredSession): TapeEntry[] {
  return session.tape.map((r) => r.entry as TapeEntry);
}

/** Compiles `file` and picks the agent named `name`; prints diagnostics and returns undefined on errors. */
async function loadModule(file: string, name: string, options: StoreOptions): Promise<AgentModule<AnyStateMachine> | undefined> {
  const path = resolve(file);
  try {
    readFileSync(path);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${describeFsError(error)}`);
  }
  const loaded = await loadAgents([path], { root: findWorkspaceRoot(dirname(path)) });
  if (loaded.agents.length === 0) {
    const color = useColor(options);
    out(renderHuman(loaded.diagnostics, { sources: loaded.sources, cwd: process.cwd(), color }));
    out(renderSummary(summarize(loaded.diagnostics, 1), color).trimEnd());
    return undefined;
  }
  const agent = loaded.agents.find((a) => a.ir.name === name);
  if (agent === undefined) throw new UsageError(`${file} has no agent ${name} (it has: ${loaded.agents.map((a) => a.ir.name).join(", ")})`);
  return agent.module;
}

// ── resume ────────────────────────────────────────────────────────────────────

export async function resumeCommand(id: string, options: RunOptions & StoreOptions): Promise<number> {
  return continueStored(id, options, options, (runtime, module, onEvent) => runtime.resume(module, id, { onEvent }));
}

/**
 * Loads a stored session's agent, builds a runtime on the store (tools, model and humans as
 * `run` would), lets `go` continue the session, prints its timeline and where it ended.
 */
async function continueStored(
  id: string,
  options: RunOptions & StoreOptions,
  parts: RunOptions,
  go: (runtime: Runtime, module: AgentModule<AnyStateMachine>, onEvent: (event: SessionEvent) => void) => Promise<Session>,
): Promise<number> {
  const store = openStore(options);
  try {
    const stored = await getSession(store, id);
    const file = options.agent ?? stored.agent.file;
    if (file === undefined) throw new UsageError(`session ${id} does not say which .agent file it came from: pass --agent <file.agent>`);
    const module = await loadModule(file, stored.agent.name, options);
    if (module === undefined) return EXIT_PROBLEMS;
    const { close, ...runtimeOptions } = await runtimeParts(module, parts);
    const runtime = createRuntime({ ...runtimeOptions, store });
    const timeline = new Timeline();
    let settled: SessionSettled;
    try {
      const session = await go(runtime, module, (event) => timeline.print(event));
      settled = await session.settled;
      await settle();
    } catch (error) {
      if (error instanceof InvalidResponseError) {
        out(`error: ${error.message}`);
        return EXIT_PROBLEMS;
      }
      if (error instanceof ResumeError || error instanceof UnknownSessionError || error instanceof RuntimeConfigurationError) throw new UsageError(error.message);
      throw error;
    } finally {
      await close();
    }
    out(settledLine(settled, id));
    return EXIT_OK;
  } finally {
    await store.close();
  }
}

/** `agentc resume --due`: every parked wait past its deadline takes its timeout edge. */
export async function resumeDueCommand(options: RunOptions & StoreOptions): Promise<number> {
  const store = openStore(options);
  try {
    const due = await store.dueWaits(Date.now());
    if (due.length === 0) {
      out("no waits are due");
      return EXIT_OK;
    }
    const modules: AgentModule<AnyStateMachine>[] = [];
    for (const file of new Set(due.map((d) => d.agent.file).filter((f): f is string => f !== undefined))) {
      const names = new Set(due.filter((d) => d.agent.file === file).map((d) => d.agent.name));
      for (const name of names) {
        const module = await loadModule(file, name, options);
        if (module !== undefined) modules.push(module);
      }
    }
    let fired = 0;
    for (const module of modules) {
      const { close, ...parts } = await runtimeParts(module, { ...options, park: true });
      const runtime = createRuntime({ ...parts, store });
      try {
        for (const session of await runtime.fireDueWaits([module])) {
          out(`${session.id}: ${settledLine(await session.settled, session.id)}`);
          fired += 1;
        }
      } finally {
        await close();
      }
    }
    await settle();
    out(`fired ${fired} due wait(s)`);
    return EXIT_OK;
  } finally {
    await store.close();
  }
}

/** `agentc respond <id> '<json>'`: answers a parked human wait and continues the session. */
export async function respondCommand(id: string, responseText: string, options: RunOptions & StoreOptions): Promise<number> {
  let response: unknown;
  try {
    response = JSON.parse(responseText.startsWith("@") ? readFileSync(resolve(responseText.slice(1)), "utf8") : responseText);
  } catch (error) {
    throw new UsageError(`the response is not valid JSON: ${(error as Error).message}`);
  }
  return continueStored(id, options, { ...options, park: true }, (runtime, module, onEvent) => runtime.respond(module, id, response, { onEvent }));
}

// ── export ────────────────────────────────────────────────────────────────────

export async function exportCommand(id: string, options: StoreOptions & { readonly out?: string; readonly agent?: string }): Promise<number> {
  const store = openStore(options);
  try {
    const session = await getSession(store, id);
    const file = options.agent ?? session.agent.file;
    if (file === undefined) throw new UsageError(`session ${id} does not say which .agent file it came from (needed to know its @pii fields): pass --agent <file.agent>`);
    const module = await loadModule(file, session.agent.name, options);
    if (module === undefined) return EXIT_PROBLEMS;
    const masked = maskTape(module.metadata, session.input, tapeOf(session));
    const path = resolve(options.out ?? `${session.id}.replay.json`);
    const agentFile = relative(dirname(path), resolve(file)).split("\\").join("/");
    const replay: ReplayFile = {
      format: "agentc-replay",
      formatVersion: 1,
      sessionId: session.id,
      agent: { name: session.agent.name, version: session.agent.version, machineHash: session.agent.machineHash },
      agentFile,
      input: masked.input,
      tape: masked.tape,
      masked: true,
    };
    try {
      writeFileSync(path, `${JSON.stringify(replay, null, 2)}\n`);
    } catch (error) {
      throw new UsageError(`cannot write ${path}: ${describeFsError(error)}`);
    }
    out(`wrote ${path} (@pii values masked; replay it with \`agentc replay ${options.out ?? `${session.id}.replay.json`}\`)`);
    return EXIT_OK;
  } finally {
    await store.close();
  }
}
