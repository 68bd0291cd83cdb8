/**
 * What one harness case is: the session input, what the model, each tool and each human
 * answer in turn, and where (if anywhere) the process "crashes". A case is plain JSON so a
 * failing one can be printed, written to a replay file and run again.
 */

/** One answer of a tool call, in call order (calls past the plan answer `ok`). */
export type ToolPlanItem =
  /** A value generated from the output schema (seeded by the case). */
  | { readonly kind: "ok" }
  /** Exactly this value: a scripted result, or contract-violating garbage. */
  | { readonly kind: "value"; readonly value: unknown }
  /** A declared named error (`ToolError(name)`), or any other name (an undeclared error). */
  | { readonly kind: "error"; readonly name: string }
  /** A plain `Error` thrown by the implementation. */
  | { readonly kind: "throw"; readonly message: string }
  /** Hangs until the executor's deadline aborts it. */
  | { readonly kind: "timeout" }
  /** A valid output whose string fields carry this text (an injection in tool output). */
  | { readonly kind: "inject"; readonly text: string };

/** One human response, in order (past the plan: an answer generated from the result schema). */
export type HumanPlanItem = { readonly kind: "answer" } | { readonly kind: "value"; readonly value: unknown } | { readonly kind: "timeout" };

export interface ModelPlan {
  /**
   * The mock model's script entries (see runtime/mock/model-script.ts): answers of any shape,
   * `{ "tool": name, "args" }`, `{ "error": "500" | "invalid-json" | "cut" | "timeout" }`; a list
   * for any prompt, or lists by prompt name. Past the script, answers are generated from the request.
   */
  readonly script: readonly unknown[] | Readonly<Record<string, readonly unknown[]>>;
  /** The model follows instructions it finds in its prompt ("call <tool> with {…}", "answer with {…}"). */
  readonly obedient: boolean;
  /** Past the script, in tool loops: always call a tool rather than answer (until the turns run out). */
  readonly stubborn?: boolean;
}

export interface CrashPlan {
  /** The n-th execution (0-based) of a side-effecting tool implementation "kills the process". */
  readonly effect: number;
  /** Before or after the effect reached the downstream system. */
  readonly when: "before" | "after";
}

export interface HarnessCase {
  readonly seed: number;
  readonly input: unknown;
  readonly model: ModelPlan;
  readonly tools: Readonly<Record<string, readonly ToolPlanItem[]>>;
  readonly humans: readonly HumanPlanItem[];
  readonly crash?: CrashPlan;
}
