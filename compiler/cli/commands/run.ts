/**
 * `agentc run <file>`: runs one session of an agent through the real runtime and prints it as
 * a timeline — steps, decisions, tool calls, model requests, tokens, cost — whose last line is
 * `replied: …` or `escalated to <target>: <reason>`.
 *
 * With `--mock`, tools, the model and humans come from the mock layer (values generated from
 * the schemas; `--seed` makes them repeatable; `--fail tool=spec` injects failures; `--script`
 * replays model answers from a file); without `--input` an input is generated. Without
 * `--mock`, tools come from `--tools <module>` and models from the environment
 * (OPENAI_API_KEY, ANTHROPIC_API_KEY, and their *_BASE_URL).
 *
 * Exit codes: 0 a reply or an escalation; 1 an invalid input (one line naming the field) or an
 * agent with errors; 2 usage.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { JsonTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import type { AnyStateMachine } from "xstate";
import type { AgentModule, Outcome } from "../../../runtime/contract.ts";
import type { ToolImplementation } from "../../../runtime/execution/types.ts";
import { createIntelligence, type ModelProvider } from "../../../runtime/intelligence/index.ts";
import { mockHumans, mockInput, mockModelProviders, mockTools, modelScript, parseFailSpecs } from "../../../runtime/mock/index.ts";
import { fileFlagsSource } from "../../../runtime/orchestration/flags.ts";
import type { HumanHandler, SessionSettled } from "../../../runtime/orchestration/session.ts";
import type { SessionEvent } from "../../../runtime/orchestration/events.ts";
import { createRuntime, InvalidInputError, AgentDisabledError, RuntimeConfigurationError, type RuntimeOptions } from "../../../runtime/runtime.ts";
import { openSqliteStore } from "../../../runtime/stores/sqlite.ts";
import { StoreUnavailableError, type SessionStore } from "../../../runtime/stores/types.ts";
import { renderHuman, renderSummary, summarize } from "../../diagnostics/render.ts";
import { loadAgents, type LoadedAgent } from "../../load-agent.ts";
import { describeFsError, EXIT_OK, EXIT_PROBLEMS, UsageError } from "../errors.ts";
import { err, out, useColor } from "../output.ts";
import { flagsFilePath } from "./flags.ts";
import { loadMcpTools } from "../mcp-tools.ts";
import { checkRoot, findWorkspaceRoot } from "../workspace.ts";

export const DEFAULT_STORE_FILE = ".agentc/sessions.db";

export interface RunOptions {
  readonly store?: string;
  /** Bind agent tools to MCP servers: a `{ servers, bindings }` JSON file (docs/runtime.md). */
  readonly mcp?: string;
  /** With --mock: park at human waits instead of mocking the person. */
  readonly park?: boolean;
  readonly input?: string;
  readonly agent?: string;
  readonly mock?: boolean;
  readonly fail?: readonly string[];
  readonly seed?: number;
  readonly script?: string;
  readonly tools?: string;
  readonly traceOut?: string;
  readonly flags?: string;
  readonly root?: string;
  readonly color?: boolean;
}

export async function runCommand(file: string, options: RunOptions): Promise<number> {
  if (options.mock !== true && (options.fail?.length ?? 0) > 0) throw new UsageError("--fail injects failures into mock tools: add --mock");
  if (options.mock !== true && options.script !== undefined) throw new UsageError("--script scripts the mock model: add --mock");
  if (options.mock !== true && options.input === undefined) throw new UsageError("--input is required without --mock (with --mock an input is generated from the schema)");
  const cwd = process.cwd();
  const path = resolve(file);
  const root = options.root !== undefined ? checkRoot(options.root, cwd) : findWorkspaceRoot(dirname(path));
  try {
    readFileSync(path);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${describeFsError(error)}`);
  }
  const loaded = await loadAgents([path], { root });
  if (loaded.agents.length === 0) {
    if (loaded.diagnostics.length > 0) {
      const color = useColor(options);
      out(renderHuman(loaded.diagnostics, { sources: loaded.sources, cwd, color }));
      out(renderSummary(summarize(loaded.diagnostics, 1), color).trimEnd());
      return EXIT_PROBLEMS;
    }
    throw new UsageError(`${file} defines no agent`);
  }
  const agent = pickAgent(loaded.agents, options.agent, file);
  const module = agent.module;
  const seed = options.seed ?? 1;

  const input = options.input !== undefined ? parseInput(options.input) : mockInput(module, { seed });
  const store = openStore(options);
  const { close: closeParts, ...parts } = await runtimeParts(module, options);
  const exporter = options.traceOut !== undefined ? new InMemorySpanExporter() : undefined;
  const provider = exporter !== undefined ? new TracerProvider({ resource: resourceFromAttributes({ "service.name": "agentc" }), spanProcessors: [new SimpleSpanProcessor({ exporter })] }) : undefined;
  const runtime = createRuntime({ ...parts, store, ...(provider !== undefined ? { telemetry: { tracer: provider.getTracer("agentc") } } : {}) });
  const timeline = new Timeline();
  let outcome: SessionSettled;
  let sessionId = "";
  try {
    const session = await runtime.start(module, input as never, { onEvent: (event) => timeline.print(event), agentFile: path });
    sessionId = session.id;
    outcome = await session.settled;
    await settle();
  } catch (error) {
    if (error instanceof InvalidInputError) {
      err(`error: ${error.message}`);
      return EXIT_PROBLEMS;
    }
    if (error instanceof AgentDisabledError || error instanceof RuntimeConfigurationError) throw new UsageError(error.message);
    throw error;
  } finally {
    await store.close();
    await closeParts();
  }
  if (provider !== undefined && exporter !== undefined) {
    await provider.forceFlush();
    const body = JsonTraceSerializer.serializeRequest(exporter.getFinishedSpans());
    try {
      writeFileSync(resolve(options.traceOut!), body === undefined ? "" : Buffer.from(body));
    } catch (error) {
      throw new UsageError(`cannot write ${options.traceOut}: ${describeFsError(error)}`);
    }
    await provider.shutdown();
  }
  out(settledLine(outcome, sessionId));
  return EXIT_OK;
}

/** The last line of `run`, `resume` and `respond`: the outcome, or where the session waits. */
export function settledLine(settled: SessionSettled, sessionId: string): string {
  if (settled.kind === "reply") return `replied: ${JSON.stringify(settled.output)}`;
  if (settled.kind === "escalation") return `escalated to ${settled.target}: ${settled.reason}`;
  return `waiting for ${settled.wait.target} (due ${new Date(settled.wait.dueAt).toISOString()}): answer with \`agentc respond ${sessionId} '<json>'\``;
}

/** What `run` and `resume` give the runtime: tools, model side, humans and flags, mocked or real. */
export async function runtimeParts(module: AgentModule<AnyStateMachine>, options: RunOptions): Promise<Pick<RuntimeOptions, "tools" | "intelligence" | "humans" | "flags"> & { close(): Promise<void> }> {
  const seed = options.seed ?? 1;
  const mock = options.mock === true;
  if (mock && options.mcp !== undefined) throw new UsageError("--mcp binds real MCP servers: leave out --mock");
  const mcp = options.mcp !== undefined ? await loadMcpTools(options.mcp, module) : undefined;
  const tools = mock ? mockTools(module, { seed, failures: failureModes(options.fail ?? [], module) }) : { ...(await loadTools(options.tools, module, Object.keys(mcp?.tools ?? {}))), ...mcp?.tools };
  const intelligence = createIntelligence({ providers: mock ? mockProviders(module, seed, options.script) : await environmentProviders() });
  // With --mock, people are mocked too; otherwise waits park in the store until `agentc respond`.
  const humans: HumanHandler | undefined = mock && options.park !== true ? mockHumans(module, { seed }) : undefined;
  return {
    tools,
    intelligence,
    ...(humans !== undefined ? { humans } : {}),
    flags: fileFlagsSource(flagsFilePath(options)),
    close: async () => {
      await mcp?.close();
    },
  };
}

/** The session store: `--store`, else AGENTC_STORE, else `.agentc/sessions.db` under the working directory. */
export function storePath(options: { readonly store?: string }): string {
  return resolve(options.store ?? process.env["AGENTC_STORE"] ?? DEFAULT_STORE_FILE);
}

export function openStore(options: { readonly store?: string }): SessionStore {
  const path = storePath(options);
  try {
    return openSqliteStore(path);
  } catch (error) {
    if (error instanceof StoreUnavailableError) throw new UsageError(error.message);
    throw new UsageError(`cannot open the session store ${path}: ${describeFsError(error)}`);
  }
}

/** Lets the last checkpoint's commit (a promise the session does not await) land before the store closes. */
export async function settle(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

function pickAgent(agents: readonly LoadedAgent[], name: string | undefined, file: string): LoadedAgent {
  if (name !== undefined) {
    const found = agents.find((a) => a.ir.name === name);
    if (found === undefined) throw new UsageError(`${file} has no agent ${name} (it has: ${agents.map((a) => a.ir.name).join(", ")})`);
    return found;
  }
  if (agents.length > 1) throw new UsageError(`${file} defines ${agents.length} agents: choose one with --agent (${agents.map((a) => a.ir.name).join(", ")})`);
  return agents[0]!;
}

function parseInput(text: string): unknown {
  const source = text.startsWith("@") ? readInputFile(text.slice(1)) : text;
  try {
    return JSON.parse(source);
  } catch (error) {
    throw new UsageError(`--input is not valid JSON: ${(error as Error).message}`);
  }
}

function readInputFile(path: string): string {
  try {
    return readFileSync(resolve(path), "utf8");
  } catch (error) {
    throw new UsageError(`cannot read --input file ${path}: ${describeFsError(error)}`);
  }
}

function failureModes(specs: readonly string[], module: AgentModule<AnyStateMachine>) {
  try {
    return parseFailSpecs(specs, module.metadata.tools);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function mockProviders(module: AgentModule<AnyStateMachine>, seed: number, scriptPath: string | undefined): Record<string, ModelProvider> {
  let script;
  if (scriptPath !== undefined) {
    let text: string;
    try {
      text = readFileSync(resolve(scriptPath), "utf8");
    } catch (error) {
      throw new UsageError(`cannot read --script ${scriptPath}: ${describeFsError(error)}`);
    }
    try {
      script = modelScript(JSON.parse(text), module.metadata.prompts);
    } catch (error) {
      throw new UsageError(`--script ${scriptPath}: ${(error as Error).message}`);
    }
  }
  return mockModelProviders([module.metadata.model.primary, module.metadata.model.fallback], { seed, prompts: module.metadata.prompts, ...(script !== undefined ? { script } : {}) });
}

/**
 * Real providers from the environment: `openai` with OPENAI_API_KEY (and OPENAI_BASE_URL),
 * `anthropic` with ANTHROPIC_API_KEY (and ANTHROPIC_BASE_URL), and `ollama` (any
 * OpenAI-compatible server: Ollama, vLLM, LM Studio) with OLLAMA_BASE_URL.
 */
async function environmentProviders(): Promise<Record<string, ModelProvider>> {
  const env = process.env;
  const providers: Record<string, ModelProvider> = {};
  if (env["OPENAI_API_KEY"] !== undefined) {
    const { createOpenAI } = await import("@ai-sdk/openai");
    providers["openai"] = createOpenAI({ apiKey: env["OPENAI_API_KEY"], ...(env["OPENAI_BASE_URL"] !== undefined ? { baseURL: env["OPENAI_BASE_URL"] } : {}) });
  }
  if (env["ANTHROPIC_API_KEY"] !== undefined) {
    const { createAnthropic } = await import("@ai-sdk/anthropic");
    providers["anthropic"] = createAnthropic({ apiKey: env["ANTHROPIC_API_KEY"], ...(env["ANTHROPIC_BASE_URL"] !== undefined ? { baseURL: env["ANTHROPIC_BASE_URL"] } : {}) });
  }
  if (env["OLLAMA_BASE_URL"] !== undefined) {
    const { createOpenAICompatible } = await import("@ai-sdk/openai-compatible");
    providers["ollama"] = createOpenAICompatible({ name: "ollama", baseURL: env["OLLAMA_BASE_URL"] });
  }
  return providers;
}

async function loadTools(modulePath: string | undefined, module: AgentModule<AnyStateMachine>, boundElsewhere: readonly string[] = []): Promise<Record<string, ToolImplementation>> {
  const needed = Object.keys(module.metadata.tools).filter((name) => !boundElsewhere.includes(name));
  if (modulePath === undefined) {
    if (needed.length === 0) return {};
    throw new UsageError(`${module.metadata.name} calls tools (${needed.join(", ")}): pass --tools <module> exporting their implementations, bind them to MCP servers with --mcp <config.json>, or run with --mock`);
  }
  let imported: Record<string, unknown>;
  try {
    imported = (await import(pathToFileURL(resolve(modulePath)).href)) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`cannot load --tools ${modulePath}: ${(error as Error).message.split("\n")[0]}`);
  }
  const record = (imported["tools"] ?? imported["default"] ?? imported) as Record<string, unknown>;
  const missing = needed.filter((name) => typeof record[name] !== "function");
  if (missing.length > 0) throw new UsageError(`--tools ${modulePath} has no implementation for: ${missing.join(", ")} (export them as \`export const tools = { … }\`)`);
  return Object.fromEntries(needed.map((name) => [name, record[name] as ToolImplementation]));
}

/** Prints session events as they happen, one line each, indented under their step. */
export class Timeline {
  print(event: SessionEvent): void {
    const line = this.#line(event);
    if (line !== undefined) out(line);
  }

  #line(event: SessionEvent): string | undefined {
    switch (event.type) {
      case "session.started":
        return `session ${event.sessionId}  ${event.agent} v${event.version}`;
      case "step.started":
        return `${String(event.step).padStart(3)}  ${event.state}  (${event.action})`;
      case "model.request":
        return `       model ${event.model} ${event.kind}: ${event.inputTokens} in / ${event.outputTokens} out tokens, ${usd(event.costUsd)}${event.ok ? "" : `, failed: ${event.error ?? "error"}`}`;
      case "tool.call":
        return `       tool ${event.tool}(${compact(event.args)}) → ${event.ok ? compact(event.result) : describeFailure(event.failure)}  ${Math.round(event.durationMs)} ms`;
      case "human.response":
        return `       human ${event.ok ? "answered" : "did not answer"}`;
      case "guard":
        return `       guard ${event.guard} ${event.effect}: ${event.message}`;
      case "decision":
        return `       → ${event.to}`;
      case "session.finished":
        return `${event.steps} steps, ${event.tokens} tokens, ${usd(event.costUsd)}, ${Math.round(event.durationMs)} ms`;
    }
  }
}

function describeFailure(failure: { kind: string; message: string; name?: string } | undefined): string {
  if (failure === undefined) return "failed";
  return failure.kind === "error" ? `${failure.name}: ${failure.message}` : `${failure.kind}: ${failure.message}`;
}

function compact(value: unknown): string {
  const text = JSON.stringify(value) ?? "";
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

function usd(value: number | undefined): string {
  return value === undefined ? "cost unknown" : `$${value.toFixed(6)}`;
}
