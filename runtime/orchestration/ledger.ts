/**
 * A session's bookkeeping: what it has spent and counted so far. Plain data, persisted with
 * the machine snapshot after every step, so a resumed session keeps its budgets.
 */
export interface Ledger {
  /** Steps started (ask, call, use tools, await human). */
  steps: number;
  tokens: number;
  /** Models and tools, USD. */
  costUsd: number;
  /** Tool executions per tool this session (loop calls included). */
  toolCalls: Record<string, number>;
  /** Epoch ms the session started; the wall-clock limit counts from it. */
  startedAt: number;
  /**
   * The tools' circuit breakers at the last checkpoint (the execution layer's snapshots), so a
   * process that resumes the session starts with what this one knew (an open breaker stays open).
   */
  breakers?: Record<string, unknown>;
}

export function newLedger(startedAt: number): Ledger {
  return { steps: 0, tokens: 0, costUsd: 0, toolCalls: {}, startedAt };
}

export function toolCalls(ledger: Ledger, tool: string): number {
  return Object.hasOwn(ledger.toolCalls, tool) ? ledger.toolCalls[tool]! : 0;
}
