/**
 * The intelligence layer's port: what orchestration asks of the model side. Orchestration
 * never names a provider or a model SDK; it hands the layer a step's prompt, scope and
 * schema, and a `guard` it must consult before EVERY model request (first try, repair,
 * fallback, each loop turn). The layer renders prompts, calls models through the Vercel AI
 * SDK, validates structured output, falls back from the primary to the fallback model, and
 * reports each request's usage and cost. It never executes a tool itself: a `use tools`
 * loop asks orchestration's `callTool` for every tool call the model makes.
 */
import type { Context, Tracer } from "@opentelemetry/api";
import type { PromptMetadata, Schema, Scope, StepOutcome } from "../contract.ts";

/** One model request's tokens, as the provider reported them. */
export interface ModelUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** Which request of a step this is. */
export type ModelRequestKind = "ask" | "repair" | "turn";

/** Before a request: its worst case, for the budget guard. */
export interface ModelRequestEstimate {
  /** `provider:model` as the agent writes it. */
  readonly model: string;
  readonly kind: ModelRequestKind;
  /** An upper bound of the prompt's tokens (rendered text and tool/schema definitions). */
  readonly inputTokens: number;
  /** The request's max output tokens. */
  readonly maxOutputTokens: number;
  /** inputTokens and maxOutputTokens priced by the table; undefined when the model has no price. */
  readonly worstCaseCostUsd: number | undefined;
}

/** The guard's answer: go on, or stop the session (orchestration then escalates with `reason`). */
export type GuardDecision = { readonly allow: true } | { readonly allow: false; readonly reason: string };

/** After a request, successful or not: what it used. Orchestration charges the budget from it. */
export interface ModelRequestRecord {
  readonly model: string;
  readonly provider: string;
  readonly kind: ModelRequestKind;
  readonly usage: ModelUsage;
  /** Priced by the table; undefined when the model has no price. */
  readonly costUsd: number | undefined;
  readonly durationMs: number;
  readonly ok: boolean;
  /** Why it failed (provider error, timeout, open breaker, invalid output…); never a key or a credential. */
  readonly error?: string;
  readonly finishReason?: string;
  /** The rendered prompt (for the recorder and replay), and the raw text the model answered. */
  readonly promptText: string;
  readonly responseText?: string;
}

/** What every model-calling step carries. */
export interface ModelStep {
  readonly sessionId: string;
  /** The agent state's name. */
  readonly state: string;
  readonly prompt: PromptMetadata;
  readonly scope: Scope;
  /** The result's schema (zod v4 from the generated module). */
  readonly schema: Schema;
  readonly maxTokens: number;
  readonly temperature: number | undefined;
  readonly models: { readonly primary: string; readonly fallback: string | undefined };
  /** Aborted when the session stops or the wall-clock limit is reached. */
  readonly signal: AbortSignal;
  /** The step's span context: model spans are its children. */
  readonly traceContext?: Context;
  /** The runtime's tracer (its telemetry setup); defaults to the global tracer "agentc". */
  readonly tracer?: Tracer;
  /** Consulted before every model request; a denial ends the step with `stopped`. */
  readonly guard: (estimate: ModelRequestEstimate) => GuardDecision;
  /** Called after every model request (including failed ones that used tokens). Must not throw. */
  readonly onRequest: (record: ModelRequestRecord) => void;
}

/** A tool the model may call in a `use tools` loop (from the contract). */
export interface LoopTool {
  readonly name: string;
  readonly description: string;
  /** JSON Schema of its input (draft 2020-12, from the zod schema). */
  readonly inputJsonSchema: unknown;
}

/** What orchestration answers for a tool call the model made: the text the model sees next. */
export type LoopToolResult =
  | { readonly ok: true; readonly value: unknown }
  /** Blocked (not allowed here, unknown tool, calls exhausted) or failed: the model is told why. */
  | { readonly ok: false; readonly message: string };

export interface LoopStep extends ModelStep {
  readonly tools: readonly LoopTool[];
  /** Model turns the loop may still take this session. */
  readonly turnsLeft: number;
  /** Orchestration's guarded tool path. Never rejects. */
  readonly callTool: (name: string, args: unknown) => Promise<LoopToolResult>;
}

/**
 * A step's result. `stopped`: the guard denied a request (the session must escalate).
 * Otherwise a `StepOutcome` for the machine: `ok` with a value valid against the schema, or a
 * failure (`failure` for provider down / invalid output after the one repair, `timeout`,
 * `exhausted` for a loop that used its turns without a valid answer).
 */
export type ModelStepResult = { readonly kind: "outcome"; readonly outcome: StepOutcome } | { readonly kind: "stopped"; readonly reason: string };

export interface Intelligence {
  /** A structured `ask`: render, call, validate (one repair), fall back. Never rejects. */
  ask(step: ModelStep): Promise<ModelStepResult>;
  /** A `use tools … until … at most N turns` loop. Never rejects. */
  loop(step: LoopStep): Promise<ModelStepResult>;
}

/** What the layer reports besides requests, for telemetry and alerts. Observers must not throw (ignored if they do). */
export type IntelligenceEvent =
  /** A model failed (provider error, timeout, open breaker) and the next one is tried. */
  | { readonly type: "fallback"; readonly sessionId: string; readonly state: string; readonly from: string; readonly to: string; readonly reason: string }
  /** A provider's breaker changed state. */
  | { readonly type: "breaker"; readonly provider: string; readonly state: "closed" | "open" | "half-open" | "isolated" }
  /** A model was skipped without a request because its provider's breaker is open. */
  | { readonly type: "breaker-skip"; readonly sessionId: string; readonly state: string; readonly provider: string; readonly model: string }
  /** An answer failed validation and one repair request follows. `problem` names paths and issues, never values. */
  | { readonly type: "repair"; readonly sessionId: string; readonly state: string; readonly model: string; readonly problem: string };
