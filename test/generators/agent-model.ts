/**
 * The model of a generated agent: plain data, close to the source text, from which
 * `render` writes a `.agent` file. Expressions and literal values are kept as source text
 * (already valid for their place); types and records are structured so later work can derive
 * inputs, tool results and model answers from them.
 */

export type PrimitiveName = "string" | "number" | "integer" | "boolean";

export type TypeModel =
  | { readonly kind: "primitive"; readonly name: PrimitiveName }
  | { readonly kind: "union"; readonly values: readonly string[] }
  | { readonly kind: "array"; readonly element: TypeModel }
  | { readonly kind: "record"; readonly fields: readonly FieldModel[] };

/** A comment to place on a statement-level node: `leading` on its own line, `trailing` after it. */
export interface CommentModel {
  readonly leading?: string | undefined;
  readonly trailing?: string | undefined;
}

export interface Constraints {
  readonly min?: number;
  readonly max?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  /** A regular expression every generated value of the field matches. */
  readonly pattern?: string;
}

export interface FieldModel {
  readonly name: string;
  readonly optional: boolean;
  readonly type: TypeModel;
  readonly constraints: Constraints;
  readonly pii: boolean;
  readonly comment?: CommentModel | undefined;
}

export type EffectName = "none" | "read" | "write" | "payment";

export interface ToolModel {
  readonly name: string;
  readonly description: string;
  /** `call`: used by call states (may declare errors, may have side effects); `loop`: read-only, used in `use tools`. */
  readonly role: "call" | "loop";
  readonly input: readonly FieldModel[];
  readonly output: readonly FieldModel[];
  readonly errors: readonly { readonly name: string; readonly retryable: boolean }[];
  readonly effect: EffectName;
  /** Input field paths; non-empty exactly when the effect is write or payment. */
  readonly idempotencyKey: readonly string[];
  /** Clauses after input/output, rendered in this order: each is clause text such as `timeout 3s`. */
  readonly clauses: readonly ToolClauseModel[];
  readonly comment?: CommentModel | undefined;
}

export interface ToolClauseModel {
  readonly text: string;
  readonly comment?: CommentModel | undefined;
}

export interface PromptModel {
  readonly name: string;
  readonly version: number;
  /** Block string (`"""`) or one-line string. */
  readonly block: boolean;
  /** Template lines (placeholders included); a one-line prompt has exactly one. */
  readonly lines: readonly string[];
  readonly comment?: CommentModel | undefined;
}

/** `reply "text" with a: x` (text form) or `reply { reply: "…", a: x }` (record form). */
export interface ReplyModel {
  readonly form: "text" | "record";
  /** Template text between the quotes (text form) — escapes and placeholders as written. */
  readonly text: string;
  /** Field name → expression source. In record form it includes `reply`. */
  readonly fields: readonly (readonly [string, string])[];
}

export interface EscalateModel {
  readonly target: string;
  /** Template text between the quotes, or undefined for no reason. */
  readonly reason: string | undefined;
}

export type ActionModel =
  | { readonly kind: "ask"; readonly prompt: string; readonly result: string; readonly type: TypeModel; readonly maxTokens: number | undefined }
  | { readonly kind: "call"; readonly tool: string; readonly args: readonly (readonly [string, string])[]; readonly result: string | undefined }
  | {
      readonly kind: "loop";
      readonly tools: readonly string[];
      readonly prompt: string;
      readonly result: string;
      readonly type: TypeModel;
      readonly turns: number;
      readonly maxTokens: number | undefined;
    }
  | { readonly kind: "await"; readonly target: string; readonly result: string; readonly type: TypeModel; readonly timeout: string }
  | ({ readonly kind: "reply" } & ReplyModel)
  | ({ readonly kind: "escalate" } & EscalateModel);

export type TriggerModel =
  | { readonly kind: "when"; readonly condition: string }
  | { readonly kind: "else" }
  | { readonly kind: "always" }
  /** `on Name`, `on error`, `on timeout` or `on exhausted`. */
  | { readonly kind: "on"; readonly name: string };

export type TargetModel =
  | { readonly kind: "goto"; readonly state: string }
  | ({ readonly kind: "reply" } & ReplyModel)
  | ({ readonly kind: "escalate" } & EscalateModel);

export interface TransitionModel {
  readonly trigger: TriggerModel;
  readonly target: TargetModel;
  readonly unreachable?: string | undefined;
  readonly comment?: CommentModel | undefined;
}

export interface StateModel {
  readonly name: string;
  readonly description: string;
  readonly visits: number | undefined;
  readonly action: ActionModel;
  readonly transitions: readonly TransitionModel[];
  readonly comment?: CommentModel | undefined;
  readonly actionComment?: CommentModel | undefined;
}

export interface AgentModel {
  readonly name: string;
  readonly description: string;
  readonly version: number;
  readonly input: readonly FieldModel[];
  readonly output: readonly FieldModel[];
  readonly model: { readonly primary: string; readonly fallback: string | undefined; readonly maxTokens: number; readonly temperature: string | undefined };
  /** Budget items as source text, e.g. `tokens 20000`, `cost 0.40 usd`. */
  readonly budget: readonly string[];
  readonly escalations: readonly { readonly name: string; readonly description: string | undefined }[];
  /** Alerts as source text after `alert`, e.g. `escalationRate > 10%`. */
  readonly alerts: readonly string[];
  readonly tools: readonly ToolModel[];
  readonly prompts: readonly PromptModel[];
  readonly examples: readonly { readonly name: string; readonly value: string }[];
  /** `test` blocks: an input record literal and an optional expectation line (`expect reply`, `expect escalate x`). */
  readonly tests?: readonly { readonly name: string; readonly input: string; readonly expect: string | undefined }[];
  readonly start: string;
  readonly states: readonly StateModel[];
  /** Comments keyed by agent-level member ("version", "input", "model", …). */
  readonly memberComments: ReadonlyMap<string, CommentModel>;
  /** A comment before the closing `}` of the agent. */
  readonly closingComment: string | undefined;
}
