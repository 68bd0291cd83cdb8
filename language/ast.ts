/**
 * The .agent abstract syntax tree: plain, readonly, discriminated by `kind`, no methods.
 * Every node carries the span of source text it came from. Passes are functions over it.
 *
 * Error recovery: when the parser recovers from a syntax error, nodes it could not build
 * are left out and names it could not read are the empty string (`Identifier.name === ""`)
 * so the language server still gets a tree. Checks skip empty names.
 */
import type { Span } from "./span.ts";

export interface Node {
  readonly kind: string;
  readonly span: Span;
}

export interface Identifier extends Node {
  readonly kind: "Identifier";
  readonly name: string;
}

export interface Comment extends Node {
  readonly kind: "Comment";
  /** Full text including the `//` or `/* *\/` markers. */
  readonly text: string;
  readonly block: boolean;
}

/** One source file: either an agent, or a library of shared tool declarations. */
export interface AgentFile extends Node {
  readonly kind: "AgentFile";
  readonly imports: readonly ImportDecl[];
  /** Absent in a library file (or when the parser recovered from a broken header). */
  readonly agent: AgentDecl | undefined;
  /** Top-level tool declarations (library files). */
  readonly tools: readonly ToolDecl[];
  readonly comments: readonly Comment[];
}

/** `import { getOrder, issueRefund } from "./shared/orders.agent"` */
export interface ImportDecl extends Node {
  readonly kind: "ImportDecl";
  readonly names: readonly Identifier[];
  readonly from: StringLiteral;
}

export interface AgentDecl extends Node {
  readonly kind: "AgentDecl";
  readonly name: Identifier;
  readonly description: StringLiteral | undefined;
  readonly members: readonly AgentMember[];
}

export type AgentMember =
  | VersionDecl
  | RecordDecl
  | ModelDecl
  | BudgetDecl
  | EscalationDecl
  | AlertDecl
  | ToolDecl
  | PromptDecl
  | ExampleDecl
  | TestDecl
  | StartDecl
  | StateDecl;

/** `version 4` */
export interface VersionDecl extends Node {
  readonly kind: "VersionDecl";
  readonly value: NumberLiteral;
}

/** `input { … }` or `output { … }` at agent level. */
export interface RecordDecl extends Node {
  readonly kind: "RecordDecl";
  readonly which: "input" | "output";
  readonly type: RecordType;
}

/** `model primary "openai:gpt-4.1-mini" fallback "anthropic:claude-haiku-4-5" maxTokens 800 temperature 0.2` */
export interface ModelDecl extends Node {
  readonly kind: "ModelDecl";
  readonly primary: StringLiteral | undefined;
  readonly fallback: StringLiteral | undefined;
  readonly maxTokens: NumberLiteral | undefined;
  readonly temperature: NumberLiteral | undefined;
}

/** `budget tokens 20000, cost 0.40 usd, steps 8, time 60s` */
export interface BudgetDecl extends Node {
  readonly kind: "BudgetDecl";
  readonly items: readonly BudgetItem[];
}
export interface BudgetItem extends Node {
  readonly kind: "BudgetItem";
  readonly metric: "tokens" | "cost" | "steps" | "time";
  readonly value: NumberLiteral | MoneyLiteral | DurationLiteral;
}

/** `escalation finance "Finance leads (#finance-oncall)"` — the first declared is the default. */
export interface EscalationDecl extends Node {
  readonly kind: "EscalationDecl";
  readonly name: Identifier;
  readonly description: StringLiteral | undefined;
}

/** `alert escalationRate > 10%` */
export interface AlertDecl extends Node {
  readonly kind: "AlertDecl";
  readonly metric: Identifier;
  readonly threshold: NumberLiteral | PercentLiteral | DurationLiteral | MoneyLiteral;
}

export type EffectClass = "none" | "read" | "write" | "payment";

export interface ToolDecl extends Node {
  readonly kind: "ToolDecl";
  readonly name: Identifier;
  readonly description: StringLiteral | undefined;
  readonly clauses: readonly ToolClause[];
}

export type ToolClause =
  | ToolSchemaClause
  | ToolErrorsClause
  | ToolEffectsClause
  | ToolTimeoutClause
  | ToolRetryClause
  | ToolBreakerClause
  | ToolRateClause
  | ToolCallsClause
  | ToolCostClause;

/** `input { … }` / `output { … }` inside a tool. */
export interface ToolSchemaClause extends Node {
  readonly kind: "ToolSchemaClause";
  readonly which: "input" | "output";
  readonly type: RecordType;
}
/** `errors NotFound, Throttled retryable` */
export interface ToolErrorsClause extends Node {
  readonly kind: "ToolErrorsClause";
  readonly errors: readonly ToolErrorDecl[];
}
export interface ToolErrorDecl extends Node {
  readonly kind: "ToolErrorDecl";
  readonly name: Identifier;
  readonly retryable: boolean;
}
/** `effects payment idempotent by orderId, amount` */
export interface ToolEffectsClause extends Node {
  readonly kind: "ToolEffectsClause";
  readonly effect: EffectClass;
  readonly effectSpan: Span;
  /** Input field paths that make the idempotency key; empty when no `idempotent by`. */
  readonly idempotencyKey: readonly FieldPath[];
}
/** `timeout 3s` */
export interface ToolTimeoutClause extends Node {
  readonly kind: "ToolTimeoutClause";
  readonly value: DurationLiteral;
}
/** `retry 3 exponential 200ms` or `retry none` */
export interface ToolRetryClause extends Node {
  readonly kind: "ToolRetryClause";
  /** undefined for `retry none`. */
  readonly attempts: NumberLiteral | undefined;
  readonly backoff: "exponential" | "fixed" | undefined;
  readonly delay: DurationLiteral | undefined;
}
/** `breaker 5 failures in 60s cooldown 30s` */
export interface ToolBreakerClause extends Node {
  readonly kind: "ToolBreakerClause";
  readonly failures: NumberLiteral;
  readonly window: DurationLiteral;
  readonly cooldown: DurationLiteral;
}
/** `rate 10 per 1s` */
export interface ToolRateClause extends Node {
  readonly kind: "ToolRateClause";
  readonly count: NumberLiteral;
  readonly per: DurationLiteral;
}
/** `calls 3` — calls per session (default 5). */
export interface ToolCallsClause extends Node {
  readonly kind: "ToolCallsClause";
  readonly value: NumberLiteral;
}
/** `cost 0.0002 usd` — per call. */
export interface ToolCostClause extends Node {
  readonly kind: "ToolCostClause";
  readonly value: MoneyLiteral;
}

/** `prompt judge v3 """ … {{ order.total }} … """` */
export interface PromptDecl extends Node {
  readonly kind: "PromptDecl";
  readonly name: Identifier;
  /** The number after `v`. */
  readonly version: number;
  readonly versionSpan: Span;
  readonly body: TemplateString;
}

/** `example "broken item" { customerId: "c1", … }` — an example input record. */
export interface ExampleDecl extends Node {
  readonly kind: "ExampleDecl";
  readonly name: StringLiteral;
  readonly value: RecordLiteral;
}

/**
 * `test "small refunds are paid at once" { input { … } model judge { … } tool getOrder { … }
 * human approve { … } expect path [lookup, judge] expect reply { … } }` — one session with
 * scripted model answers, tool results and human responses, checked against the machine.
 */
export interface TestDecl extends Node {
  readonly kind: "TestDecl";
  readonly name: StringLiteral;
  readonly items: readonly TestItem[];
}

export type TestItem = TestInput | TestModelAnswer | TestToolResult | TestHumanResponse | TestExpectPath | TestExpectReply | TestExpectEscalate;

/** `input { customerId: "c-1" }` */
export interface TestInput extends Node {
  readonly kind: "TestInput";
  readonly value: RecordLiteral;
}
/**
 * `model judge { eligible: true }` — the next answer for prompt `judge`; in a tool loop,
 * `model diagnose call getOrder { orderId: "o1" }` — the next answer asks for a tool (`value` holds its arguments).
 */
export interface TestModelAnswer extends Node {
  readonly kind: "TestModelAnswer";
  readonly prompt: Identifier;
  /** The tool the model asks for; undefined for an answer. */
  readonly call: Identifier | undefined;
  readonly value: Expr;
}
/** `tool getOrder { … }`, `tool issueRefund error Declined` or `tool getOrder timeout` — the next call's result. */
export interface TestToolResult extends Node {
  readonly kind: "TestToolResult";
  readonly tool: Identifier;
  readonly value: Expr | undefined;
  readonly error: Identifier | undefined;
  readonly timeout: boolean;
}
/** `human approve { approved: true }` or `human approve timeout` — the response in state `approve`. */
export interface TestHumanResponse extends Node {
  readonly kind: "TestHumanResponse";
  readonly state: Identifier;
  readonly value: Expr | undefined;
  readonly timeout: boolean;
}
/** `expect path [lookup, judge, refund]` — the states the session runs, in order. */
export interface TestExpectPath extends Node {
  readonly kind: "TestExpectPath";
  readonly states: readonly Identifier[];
}
/** `expect reply { refundId: "re_1" }` (these fields, subset match) or `expect reply` (any reply). */
export interface TestExpectReply extends Node {
  readonly kind: "TestExpectReply";
  readonly fields: RecordLiteral | undefined;
}
/** `expect escalate finance "reason"` — the reason is optional. */
export interface TestExpectEscalate extends Node {
  readonly kind: "TestExpectEscalate";
  readonly target: Identifier;
  readonly reason: StringLiteral | undefined;
}

/** `start lookup` */
export interface StartDecl extends Node {
  readonly kind: "StartDecl";
  readonly state: Identifier;
}

export interface StateDecl extends Node {
  readonly kind: "StateDecl";
  readonly name: Identifier;
  readonly description: StringLiteral | undefined;
  /** `visits at most 3` — bounds how often a state in a cycle may be entered. */
  readonly visitLimit: NumberLiteral | undefined;
  /** Exactly one is expected; the parser keeps every one it saw so checks can report extras. */
  readonly actions: readonly Action[];
  readonly transitions: readonly Transition[];
}

export type Action = AskAction | CallAction | LoopAction | AwaitAction | ReplyAction | EscalateAction;

/** `ask judge as verdict: { … } maxTokens 300` */
export interface AskAction extends Node {
  readonly kind: "AskAction";
  readonly prompt: Identifier;
  readonly result: Identifier;
  readonly type: TypeExpr;
  readonly maxTokens: NumberLiteral | undefined;
}
/** `call getOrder { orderId: input.orderId } as order` */
export interface CallAction extends Node {
  readonly kind: "CallAction";
  readonly tool: Identifier;
  readonly args: RecordLiteral;
  readonly result: Identifier | undefined;
}
/** `use tools [a, b] with prompt diagnose until answer: { … } at most 5 turns maxTokens 600` */
export interface LoopAction extends Node {
  readonly kind: "LoopAction";
  readonly tools: readonly Identifier[];
  readonly prompt: Identifier;
  readonly result: Identifier;
  readonly type: TypeExpr;
  readonly maxTurns: NumberLiteral | undefined;
  readonly maxTokens: NumberLiteral | undefined;
}
/** `await human finance as response: { approved: boolean } timeout 24h` */
export interface AwaitAction extends Node {
  readonly kind: "AwaitAction";
  readonly target: Identifier;
  readonly result: Identifier;
  readonly type: TypeExpr;
  readonly timeout: DurationLiteral | undefined;
}
/** A final reply; also used as a transition target. */
export interface ReplyAction extends Node {
  readonly kind: "ReplyAction";
  /** `reply "text"` sets the output field `reply`; `reply { … }` gives the whole record. */
  readonly text: TemplateString | undefined;
  readonly fields: RecordLiteral | undefined;
}
/** `escalate finance "reason {{ x }}"`; also used as a transition target. */
export interface EscalateAction extends Node {
  readonly kind: "EscalateAction";
  readonly target: Identifier;
  readonly reason: TemplateString | undefined;
}

export interface Transition extends Node {
  readonly kind: "Transition";
  readonly trigger: Trigger;
  readonly target: TransitionTarget;
  /** `unreachable "reason"` — declared unreachable on purpose (excluded from coverage). */
  readonly unreachable: StringLiteral | undefined;
}

export type Trigger =
  | { readonly kind: "WhenTrigger"; readonly span: Span; readonly condition: Expr }
  | { readonly kind: "ElseTrigger"; readonly span: Span }
  | { readonly kind: "AlwaysTrigger"; readonly span: Span }
  | { readonly kind: "OnErrorTrigger"; readonly span: Span; readonly error: Identifier }
  | { readonly kind: "OnAnyErrorTrigger"; readonly span: Span }
  | { readonly kind: "OnTimeoutTrigger"; readonly span: Span }
  | { readonly kind: "OnExhaustedTrigger"; readonly span: Span };

export type TransitionTarget = GotoTarget | ReplyAction | EscalateAction;
export interface GotoTarget extends Node {
  readonly kind: "GotoTarget";
  readonly state: Identifier;
}

// ── Types ─────────────────────────────────────────────────────────────────────

export type TypeExpr = PrimitiveType | LiteralUnionType | ArrayType | RecordType;

export interface PrimitiveType extends Node {
  readonly kind: "PrimitiveType";
  readonly name: "string" | "number" | "integer" | "boolean";
}
/** `"delivered" | "shipped"` */
export interface LiteralUnionType extends Node {
  readonly kind: "LiteralUnionType";
  readonly values: readonly StringLiteral[];
}
/** `string[]` */
export interface ArrayType extends Node {
  readonly kind: "ArrayType";
  readonly element: TypeExpr;
}
export interface RecordType extends Node {
  readonly kind: "RecordType";
  readonly fields: readonly FieldDecl[];
}
/** `amount?: number @min(0) @max(500) @pii` */
export interface FieldDecl extends Node {
  readonly kind: "FieldDecl";
  readonly name: Identifier;
  readonly optional: boolean;
  readonly type: TypeExpr;
  readonly annotations: readonly Annotation[];
}
/** `@pii`, `@min(0)`, `@max(500)`, `@minLength(1)`, `@maxLength(80)`, `@pattern("^o[0-9]+$")` */
export interface Annotation extends Node {
  readonly kind: "Annotation";
  readonly name: Identifier;
  readonly argument: NumberLiteral | StringLiteral | undefined;
}

// ── Expressions ───────────────────────────────────────────────────────────────

export type Expr =
  | BinaryExpr
  | NotExpr
  | PathExpr
  | NumberLiteral
  | StringLiteral
  | BooleanLiteral
  | RecordLiteral
  | ArrayLiteral
  | ParenExpr;

export type BinaryOperator = "or" | "and" | "==" | "!=" | "<" | "<=" | ">" | ">=";

export interface BinaryExpr extends Node {
  readonly kind: "BinaryExpr";
  readonly operator: BinaryOperator;
  readonly left: Expr;
  readonly right: Expr;
}
export interface NotExpr extends Node {
  readonly kind: "NotExpr";
  readonly operand: Expr;
}
export interface ParenExpr extends Node {
  readonly kind: "ParenExpr";
  readonly inner: Expr;
}
/** `input.orderId`, `verdict.amount`, `order` */
export interface PathExpr extends Node {
  readonly kind: "PathExpr";
  readonly path: FieldPath;
}
/** A dotted name; `segments[0]` is the root (`input` or a step result). */
export interface FieldPath extends Node {
  readonly kind: "FieldPath";
  readonly segments: readonly Identifier[];
}
export interface NumberLiteral extends Node {
  readonly kind: "NumberLiteral";
  readonly value: number;
  /** Source text, kept so the formatter prints what the author wrote. */
  readonly raw: string;
}
export interface StringLiteral extends Node {
  readonly kind: "StringLiteral";
  /** Unescaped value. */
  readonly value: string;
}
export interface BooleanLiteral extends Node {
  readonly kind: "BooleanLiteral";
  readonly value: boolean;
}
export interface RecordLiteral extends Node {
  readonly kind: "RecordLiteral";
  readonly fields: readonly RecordLiteralField[];
}
export interface RecordLiteralField extends Node {
  readonly kind: "RecordLiteralField";
  readonly name: Identifier;
  readonly value: Expr;
}
export interface ArrayLiteral extends Node {
  readonly kind: "ArrayLiteral";
  readonly elements: readonly Expr[];
}

/** `0.40 usd` */
export interface MoneyLiteral extends Node {
  readonly kind: "MoneyLiteral";
  readonly amount: number;
  readonly raw: string;
  readonly currency: "usd";
}
/** `200ms`, `3s`, `5m`, `24h`, `7d` */
export interface DurationLiteral extends Node {
  readonly kind: "DurationLiteral";
  readonly milliseconds: number;
  readonly raw: string;
}
/** `10%` */
export interface PercentLiteral extends Node {
  readonly kind: "PercentLiteral";
  readonly percent: number;
  readonly raw: string;
}

/**
 * A string with `{{ path }}` placeholders: a one-line `"…"` or a block `"""…"""`.
 * `parts` alternates text and placeholders; a block string's common indentation is removed.
 */
export interface TemplateString extends Node {
  readonly kind: "TemplateString";
  readonly block: boolean;
  readonly parts: readonly TemplatePart[];
  /** Source text between the quotes, as written (the formatter's input; hashes use `parts`). */
  readonly raw: string;
}
export type TemplatePart =
  | { readonly kind: "TemplateText"; readonly span: Span; readonly text: string }
  | { readonly kind: "Placeholder"; readonly span: Span; readonly path: FieldPath };
