/**
 * The agent graph: what every emitter reads. Lowered from a checked AST (`lower.ts`), it
 * holds resolved names, decoded values with units, the defaults the language implies, and
 * the implicit edges (unhandled failures, visit limits) made explicit — so the machine,
 * the flowchart and the runbook cannot disagree about what the agent does.
 *
 * Plain JSON-compatible data: no AST nodes, no spans except `SourceRef`s for messages.
 */

export interface SourceRef {
  /** Path relative to the workspace root, with `/` separators. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface AgentIR {
  readonly name: string;
  readonly description: string;
  readonly version: number;
  readonly source: SourceRef;
  readonly input: RecordTypeIR;
  readonly output: RecordTypeIR;
  readonly model: ModelIR;
  readonly budget: BudgetIR;
  readonly escalations: readonly EscalationIR[];
  /** The first declared escalation target: where forced escalations go. */
  readonly defaultEscalation: string;
  readonly alerts: readonly AlertIR[];
  readonly tools: readonly ToolIR[];
  readonly prompts: readonly PromptIR[];
  readonly examples: readonly ExampleIR[];
  readonly start: string;
  /** In declaration order; `states[i].id` is `s${i}`. */
  readonly states: readonly StateIR[];
  /** Every step result the agent names, with its type (the machine's context). */
  readonly results: readonly ResultIR[];
}

export interface ModelIR {
  readonly primary: string;
  readonly fallback: string | undefined;
  readonly maxTokens: number | undefined;
  readonly temperature: number | undefined;
}

export interface BudgetIR {
  readonly tokens: number | undefined;
  readonly costUsd: number | undefined;
  readonly steps: number | undefined;
  readonly timeMs: number | undefined;
}

export interface EscalationIR {
  readonly name: string;
  readonly description: string;
}

export type AlertMetric = "stepsPerCompletion" | "escalationRate" | "toolFailureRate" | "p95Latency" | "tokensPerDay" | "costPerDay";

export interface AlertIR {
  readonly metric: AlertMetric;
  /** Percent for rates, milliseconds for latency, USD for cost, a count otherwise. */
  readonly threshold: number;
  readonly unit: "count" | "percent" | "ms" | "usd";
}

// ── Types ────────────────────────────────────────────────────────────────────

export type TypeIR = StringTypeIR | NumberTypeIR | BooleanTypeIR | EnumTypeIR | ArrayTypeIR | RecordTypeIR;

export interface StringTypeIR {
  readonly kind: "string";
  readonly minLength: number | undefined;
  readonly maxLength: number | undefined;
  readonly pattern: string | undefined;
}
export interface NumberTypeIR {
  readonly kind: "number" | "integer";
  readonly min: number | undefined;
  readonly max: number | undefined;
}
export interface BooleanTypeIR {
  readonly kind: "boolean";
}
export interface EnumTypeIR {
  readonly kind: "enum";
  readonly values: readonly string[];
}
export interface ArrayTypeIR {
  readonly kind: "array";
  readonly element: TypeIR;
  readonly minItems: number | undefined;
  readonly maxItems: number | undefined;
}
export interface RecordTypeIR {
  readonly kind: "record";
  readonly fields: readonly FieldIR[];
}
export interface FieldIR {
  readonly name: string;
  readonly optional: boolean;
  readonly type: TypeIR;
  /** Marked `@pii`: redacted wherever its value later appears. */
  readonly pii: boolean;
}

// ── Tools, prompts, examples ──────────────────────────────────────────────────

export type EffectIR = "none" | "read" | "write" | "payment";

export interface ToolIR {
  readonly name: string;
  readonly description: string;
  readonly source: SourceRef;
  readonly input: RecordTypeIR;
  readonly output: RecordTypeIR;
  readonly errors: readonly { readonly name: string; readonly retryable: boolean }[];
  readonly effects: EffectIR;
  /** True for `write` and `payment`: such calls carry an idempotency key. */
  readonly sideEffecting: boolean;
  /** Input field paths whose values make the idempotency key; empty when not side-effecting. */
  readonly idempotencyKey: readonly (readonly string[])[];
  readonly timeoutMs: number | undefined;
  readonly retry: RetryIR | undefined;
  readonly breaker: BreakerIR | undefined;
  readonly rate: { readonly count: number; readonly perMs: number } | undefined;
  /** Calls allowed per session; the language's default is 5. */
  readonly callsPerSession: number;
  readonly costUsd: number | undefined;
  /** States that may call it (by `call` or in a `use tools` allow-list), in state order. */
  readonly allowedIn: readonly string[];
}

export interface RetryIR {
  readonly attempts: number;
  readonly backoff: "exponential" | "fixed";
  readonly delayMs: number;
}

export interface BreakerIR {
  readonly failures: number;
  readonly windowMs: number;
  readonly cooldownMs: number;
}

export interface PromptIR {
  readonly name: string;
  readonly version: number;
  /** The prompt text after dedent, placeholders written `{{ path }}`. */
  readonly text: string;
  readonly parts: readonly TemplatePartIR[];
  /** `sha256:<hex>` of `text`: changed text needs a new version (the lockfile checks). */
  readonly hash: string;
  /** States that use it. */
  readonly usedIn: readonly string[];
}

export interface ExampleIR {
  readonly name: string;
  readonly value: JsonValue;
}

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export interface ResultIR {
  readonly name: string;
  readonly type: TypeIR;
  /** The states that set it (a revision loop may set one result from two states, same type). */
  readonly setBy: readonly string[];
}

// ── States and transitions ────────────────────────────────────────────────────

export interface StateIR {
  /** Generated id (`s0`, `s1`…): safe in Mermaid, XState and file names. */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly source: SourceRef;
  readonly visitLimit: number | undefined;
  readonly action: ActionIR;
  /** In evaluation order; includes implicit edges (see `TransitionIR.implicit`). */
  readonly transitions: readonly TransitionIR[];
}

export type ActionIR = AskIR | CallIR | LoopIR | AwaitIR | ReplyIR | EscalateIR;

export interface AskIR {
  readonly kind: "ask";
  readonly prompt: string;
  readonly result: string;
  readonly type: TypeIR;
  /** The step's own limit or the agent model's. */
  readonly maxTokens: number;
}
export interface CallIR {
  readonly kind: "call";
  readonly tool: string;
  readonly args: readonly { readonly name: string; readonly value: ExprIR }[];
  readonly result: string | undefined;
}
export interface LoopIR {
  readonly kind: "loop";
  readonly tools: readonly string[];
  readonly prompt: string;
  readonly result: string;
  readonly type: TypeIR;
  /** Turns per session (re-entering the state continues the count). */
  readonly maxTurns: number;
  readonly maxTokens: number;
}
export interface AwaitIR {
  readonly kind: "await";
  readonly target: string;
  readonly result: string;
  readonly type: TypeIR;
  readonly timeoutMs: number;
}
export interface ReplyIR {
  readonly kind: "reply";
  /** Every output field the reply sets, in output-record order; text replies set `reply`. */
  readonly fields: readonly { readonly name: string; readonly value: ValueIR }[];
}
export interface EscalateIR {
  readonly kind: "escalate";
  readonly target: string;
  readonly reason: TemplateIR;
}

export type TriggerIR =
  | { readonly kind: "when"; readonly guard: GuardIR }
  | { readonly kind: "else" }
  | { readonly kind: "done" }
  | { readonly kind: "error"; readonly error: string }
  | { readonly kind: "anyError" }
  | { readonly kind: "timeout" }
  | { readonly kind: "exhausted" }
  | { readonly kind: "visitLimit" };

export interface GuardIR {
  /** Stable name used by the machine's `guards` (`<state>_when<N>`). */
  readonly name: string;
  readonly expr: ExprIR;
  /** The condition as the author wrote it, normalised (for labels). */
  readonly text: string;
}

export type TargetIR =
  | { readonly kind: "state"; readonly state: string }
  | { readonly kind: "reply"; readonly reply: ReplyIR }
  | { readonly kind: "escalate"; readonly escalate: EscalateIR };

export interface TransitionIR {
  readonly trigger: TriggerIR;
  readonly target: TargetIR;
  /** Declared `unreachable "reason"`: excluded from coverage goals. */
  readonly unreachable: string | undefined;
  /** Added by lowering, not written by the author (e.g. unhandled failure → default escalation). */
  readonly implicit: boolean;
}

// ── Expressions and templates ─────────────────────────────────────────────────

export type ExprIR =
  | { readonly kind: "path"; readonly root: string; readonly fields: readonly string[] }
  | { readonly kind: "literal"; readonly value: string | number | boolean }
  | { readonly kind: "binary"; readonly operator: "or" | "and" | "==" | "!=" | "<" | "<=" | ">" | ">="; readonly left: ExprIR; readonly right: ExprIR }
  | { readonly kind: "not"; readonly operand: ExprIR }
  | { readonly kind: "record"; readonly fields: readonly { readonly name: string; readonly value: ExprIR }[] }
  | { readonly kind: "array"; readonly elements: readonly ExprIR[] };

export type TemplatePartIR = { readonly kind: "text"; readonly text: string } | { readonly kind: "placeholder"; readonly root: string; readonly fields: readonly string[] };

export interface TemplateIR {
  readonly parts: readonly TemplatePartIR[];
}

/** A reply field's value: an expression, or a template (text replies). */
export type ValueIR = { readonly kind: "expr"; readonly expr: ExprIR } | { readonly kind: "template"; readonly template: TemplateIR };
