/** What a session spends, as a vector: the cost bound maximises each component separately. */

export interface Metrics {
  readonly steps: number;
  readonly llmCalls: number;
  readonly toolCalls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** inputTokens + outputTokens (maximised on its own: the worst path for it may differ). */
  readonly tokens: number;
  readonly llmCostUsd: number;
  readonly toolCostUsd: number;
  /** llmCostUsd + toolCostUsd (maximised on its own). */
  readonly costUsd: number;
}

export const ZERO: Metrics = { steps: 0, llmCalls: 0, toolCalls: 0, inputTokens: 0, outputTokens: 0, tokens: 0, llmCostUsd: 0, toolCostUsd: 0, costUsd: 0 };

const KEYS = Object.keys(ZERO) as (keyof Metrics)[];

export function add(a: Metrics, b: Metrics): Metrics {
  const out: Record<string, number> = {};
  for (const k of KEYS) out[k] = a[k] + b[k];
  return out as unknown as Metrics;
}

export function scale(a: Metrics, factor: number): Metrics {
  const out: Record<string, number> = {};
  for (const k of KEYS) out[k] = a[k] * factor;
  return out as unknown as Metrics;
}

/** Componentwise maximum. */
export function max(a: Metrics, b: Metrics): Metrics {
  const out: Record<string, number> = {};
  for (const k of KEYS) out[k] = Math.max(a[k], b[k]);
  return out as unknown as Metrics;
}

/** Orders paths for the witness: by cost, then tokens, then steps. */
export function heavier(a: Metrics, b: Metrics): boolean {
  if (a.costUsd !== b.costUsd) return a.costUsd > b.costUsd;
  if (a.tokens !== b.tokens) return a.tokens > b.tokens;
  return a.steps > b.steps;
}

export function metrics(partial: Partial<Metrics>): Metrics {
  const m = { ...ZERO, ...partial };
  return { ...m, tokens: m.inputTokens + m.outputTokens, costUsd: m.llmCostUsd + m.toolCostUsd };
}
