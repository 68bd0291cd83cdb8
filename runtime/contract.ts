/**
 * The machine–runtime contract: the only thing that crosses between a generated agent
 * module (`agentc build`) and the runtime that executes it. A generated module exports
 * `machine`, `schemas` and `metadata` typed by these interfaces; the runtime fills the
 * machine's actor slots (`machine.provide({ actors })`) and drives it.
 *
 * Rules of the contract:
 * - Slots never reject for an expected failure: they resolve with a `StepOutcome` whose
 *   `failure` the machine routes through the state's transitions (`on Name`, `on error`,
 *   `on timeout`, `on exhausted`) or, when the author wrote none, the implicit escalation.
 *   A rejected slot promise is a runtime defect; the machine escalates it to the default
 *   target with reason `internal error`.
 * - Orchestration guards (budgets, limits, kill switches) stop a session by sending
 *   `ForceEscalateEvent` to the actor; the machine goes straight to its escalated final state.
 * - Everything here is plain data or a type, so this module has no dependencies.
 */

// ── What a generated module exports ──────────────────────────────────────────

/** The three exports of a generated `machine.ts`. `M` is the XState machine type. */
export interface AgentModule<M = unknown> {
  readonly machine: M;
  readonly schemas: AgentSchemas;
  readonly metadata: AgentMetadata;
}

/**
 * zod schemas for everything that crosses a boundary. Typed structurally (anything with
 * `safeParse`) so this module needs no zod import; the generated module uses zod v4.
 */
export interface AgentSchemas {
  readonly input: Schema;
  readonly output: Schema;
  readonly tools: Readonly<Record<string, { readonly input: Schema; readonly output: Schema }>>;
  /** One per `ask` / `use tools` / `await human` result, by result name. */
  readonly results: Readonly<Record<string, Schema>>;
}

export interface Schema {
  safeParse(value: unknown): { success: true; data: unknown } | { success: false; error: unknown };
}

export interface AgentMetadata {
  readonly name: string;
  readonly description: string;
  readonly version: number;
  readonly model: {
    readonly primary: string;
    readonly fallback: string | undefined;
    readonly maxTokens: number | undefined;
    readonly temperature: number | undefined;
  };
  readonly budget: {
    readonly tokens: number | undefined;
    readonly costUsd: number | undefined;
    readonly steps: number | undefined;
    readonly timeMs: number | undefined;
  };
  readonly escalations: readonly { readonly name: string; readonly description: string }[];
  /** Where forced escalations (budgets, limits, kill switches, unhandled failures) go. */
  readonly defaultEscalation: string;
  readonly alerts: readonly AlertThreshold[];
  readonly tools: Readonly<Record<string, ToolContract>>;
  readonly prompts: Readonly<Record<string, PromptMetadata>>;
  readonly states: Readonly<Record<string, StateMetadata>>;
  /**
   * Dotted paths of `@pii` fields: `input.email`, `order.customer.phone`, `answer.notes`;
   * `[]` steps into array elements (`order.items[].phone`).
   */
  readonly piiPaths: readonly string[];
  readonly start: string;
}

export interface AlertThreshold {
  readonly metric: "stepsPerCompletion" | "escalationRate" | "toolFailureRate" | "p95Latency" | "tokensPerDay" | "costPerDay";
  readonly threshold: number;
  readonly unit: "count" | "percent" | "ms" | "usd";
}

export interface ToolContract {
  readonly name: string;
  readonly description: string;
  readonly effects: "none" | "read" | "write" | "payment";
  readonly sideEffecting: boolean;
  /** Input field paths whose values make the idempotency key (with session and state). */
  readonly idempotencyKey: readonly (readonly string[])[];
  readonly errors: readonly { readonly name: string; readonly retryable: boolean }[];
  readonly timeoutMs: number | undefined;
  readonly retry: { readonly attempts: number; readonly backoff: "exponential" | "fixed"; readonly delayMs: number } | undefined;
  readonly breaker: { readonly failures: number; readonly windowMs: number; readonly cooldownMs: number } | undefined;
  readonly rate: { readonly count: number; readonly perMs: number } | undefined;
  readonly callsPerSession: number;
  readonly costUsd: number | undefined;
  /** States whose step may call it. Anything else is blocked. */
  readonly allowedIn: readonly string[];
  /** `@pii` fields of its input and output, relative to the record (`email`, `items[].phone`). */
  readonly piiPaths: { readonly input: readonly string[]; readonly output: readonly string[] };
}

export interface PromptMetadata {
  readonly name: string;
  readonly version: number;
  /** `sha256:<hex>` of `text`. */
  readonly hash: string;
  readonly text: string;
  readonly parts: readonly TemplatePart[];
}

export type TemplatePart = { readonly kind: "text"; readonly text: string } | { readonly kind: "placeholder"; readonly path: readonly string[] };

export interface StateMetadata {
  /**
   * Generated id (`s0`…): also the XState state node key and the id of the state's invoked
   * slot (its outcome arrives as `xstate.done.actor.<id>`).
   */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly action: "ask" | "call" | "loop" | "await" | "reply" | "escalate";
  readonly visitLimit: number | undefined;
  /** Tools the step may execute (the called tool, or the loop's allow-list). */
  readonly tools: readonly string[];
  readonly prompt: string | undefined;
  readonly maxTokens: number | undefined;
  readonly maxTurns: number | undefined;
  readonly timeoutMs: number | undefined;
  /** The step's named result (`as name`), if it names one. */
  readonly result: string | undefined;
}

// ── Actor slots ───────────────────────────────────────────────────────────────

/** The actor names a machine invokes; the runtime provides one `fromPromise` actor per name. */
export const SLOTS = { ask: "ask", tool: "tool", loop: "loop", human: "human" } as const;
export type SlotName = (typeof SLOTS)[keyof typeof SLOTS];

/**
 * The request each slot receives. A provided actor must accept exactly this input, e.g.
 * `fromPromise(async ({ input }: { input: SlotRequests["ask"] }): Promise<StepOutcome> => …)`.
 */
export interface SlotRequests {
  readonly ask: AskRequest;
  readonly tool: ToolRequest;
  readonly loop: LoopRequest;
  readonly human: HumanRequest;
}

/** The final state keys of every generated machine; its output (`Outcome`) says which. */
export const FINAL_STATES = { replied: "replied", escalated: "escalated" } as const;

/** The reason of the escalation a rejected slot (a runtime defect) ends a session with. */
export const INTERNAL_ERROR_REASON = "internal error" as const;

/** Values the step's templates and arguments may read: the input and results so far. */
export interface Scope {
  readonly input: unknown;
  readonly results: Readonly<Record<string, unknown>>;
}

export interface AskRequest {
  readonly state: string;
  readonly prompt: string;
  readonly result: string;
  readonly maxTokens: number;
  readonly scope: Scope;
}

export interface ToolRequest {
  readonly state: string;
  readonly tool: string;
  /** Arguments evaluated by the machine; the runtime validates them against the contract. */
  readonly args: Readonly<Record<string, unknown>>;
}

export interface LoopRequest {
  readonly state: string;
  readonly prompt: string;
  readonly tools: readonly string[];
  readonly result: string;
  /**
   * Turns left in this session (the limit counts across visits of the state). At 0 the slot
   * should resolve `exhausted` at once; the machine takes the exhausted edge anyway.
   */
  readonly turnsLeft: number;
  readonly maxTokens: number;
  readonly scope: Scope;
}

export interface HumanRequest {
  readonly state: string;
  readonly target: string;
  readonly result: string;
  readonly timeoutMs: number;
  readonly scope: Scope;
}

/**
 * What a slot resolves with. `value` must already be valid (the runtime validates it against
 * `schemas.tools[tool].output` or `schemas.results[result]`; the machine trusts it). `turns`:
 * model turns a `use tools` loop used (the machine counts at least 1 per visit).
 */
export type StepOutcome<T = unknown> = { readonly ok: true; readonly value: T; readonly turns?: number } | { readonly ok: false; readonly failure: StepFailure; readonly turns?: number };

export type StepFailure =
  /** A named error the tool's contract declares. */
  | { readonly kind: "error"; readonly name: string; readonly message: string }
  /** A call's or a human wait's timeout. A human wait fails only this way: any failure of the human slot takes its timeout edge. */
  | { readonly kind: "timeout"; readonly message: string }
  /** A `use tools` loop ran out of turns without a valid answer. */
  | { readonly kind: "exhausted"; readonly message: string }
  /** Anything else: contract violation, open breaker, provider down, invalid model output. */
  | { readonly kind: "failure"; readonly message: string };

// ── Events and the outcome ────────────────────────────────────────────────────

export const FORCE_ESCALATE = "agentc.escalate" as const;

/** Sent by the runtime's guards: end the session now with an escalation. */
export interface ForceEscalateEvent {
  readonly type: typeof FORCE_ESCALATE;
  readonly target: string;
  readonly reason: string;
}

/** A session's result: the machine's output when it reaches a final state. */
export type Outcome<Output = unknown> =
  | { readonly kind: "reply"; readonly output: Output }
  | { readonly kind: "escalation"; readonly target: string; readonly reason: string };

// ── Helpers generated machines use (pure, dependency-free) ────────────────────

/** Renders a reply or escalation template from the scope; missing values render empty. */
export function renderTemplate(parts: readonly TemplatePart[], scope: Scope): string {
  let out = "";
  for (const part of parts) {
    if (part.kind === "text") out += part.text;
    else out += stringify(readPath(scope, part.path));
  }
  return out;
}

/** Reads `input.a.b` or `<result>.a.b` from a scope; undefined when absent. */
export function readPath(scope: Scope, path: readonly string[]): unknown {
  const [root, ...rest] = path;
  let value: unknown = root === "input" ? scope.input : root === undefined ? undefined : Object.hasOwn(scope.results, root) ? scope.results[root] : undefined;
  for (const key of rest) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}
