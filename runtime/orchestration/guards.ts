/**
 * The orchestration guards, as pure functions of the agent's metadata, the session's ledger,
 * the flags and the clock. The session calls them before every step, every model request and
 * every tool call; a `stop` verdict escalates the session, a `block` refuses one tool call.
 */
import type { AgentMetadata } from "../contract.ts";
import type { GuardName } from "./events.ts";
import { flagNames, isOn, type Flags } from "./flags.ts";
import { toolCalls, type Ledger } from "./ledger.ts";
import type { ModelRequestEstimate } from "../intelligence/types.ts";

export type Verdict =
  | { readonly kind: "go" }
  /** End the session with an escalation to the default target. */
  | { readonly kind: "stop"; readonly guard: GuardName; readonly message: string }
  /** Refuse this one call (the step's failure path, or a message to the model in a loop). */
  | { readonly kind: "block"; readonly guard: GuardName; readonly message: string };

const GO: Verdict = { kind: "go" };

/** Flags unreadable → stop. Otherwise the kill switches, the step budget and the wall clock. */
export function beforeStep(meta: AgentMetadata, ledger: Ledger, flags: Flags | Error, now: number): Verdict {
  if (flags instanceof Error) return { kind: "stop", guard: "flags-unavailable", message: `flags unavailable, failing closed: ${flags.message}` };
  if (isOn(flags, flagNames.agentDisabled(meta.name))) return { kind: "stop", guard: "agent-disabled", message: `agent ${meta.name} is disabled (${flagNames.agentDisabled(meta.name)})` };
  if (isOn(flags, flagNames.agentForceEscalate(meta.name)))
    return { kind: "stop", guard: "force-escalate", message: `every session of ${meta.name} is force-escalated (${flagNames.agentForceEscalate(meta.name)})` };
  const steps = meta.budget.steps;
  if (steps !== undefined && ledger.steps >= steps) return { kind: "stop", guard: "step-budget", message: `step budget of ${steps} steps reached` };
  return wallClock(meta, ledger, now);
}

export function wallClock(meta: AgentMetadata, ledger: Ledger, now: number): Verdict {
  const limit = meta.budget.timeMs;
  if (limit !== undefined && now - ledger.startedAt >= limit) return { kind: "stop", guard: "wall-clock", message: `wall-clock limit of ${formatMs(limit)} reached` };
  return GO;
}

/** The worst case of the request must fit in what is left of the token and cost budgets. */
export function beforeModelRequest(meta: AgentMetadata, ledger: Ledger, estimate: ModelRequestEstimate): Verdict {
  const { tokens, costUsd } = meta.budget;
  const worstTokens = estimate.inputTokens + estimate.maxOutputTokens;
  if (tokens !== undefined && ledger.tokens + worstTokens > tokens)
    return {
      kind: "stop",
      guard: "token-budget",
      message: `token budget: this ${estimate.kind} request could use ${worstTokens} tokens (prompt ≤ ${estimate.inputTokens} + max ${estimate.maxOutputTokens}) but ${Math.max(0, tokens - ledger.tokens)} of ${tokens} are left`,
    };
  if (costUsd !== undefined) {
    if (estimate.worstCaseCostUsd === undefined)
      return { kind: "stop", guard: "cost-budget", message: `cost budget: no price for ${estimate.model}, so the request's cost cannot be bounded; add it to the price table` };
    if (ledger.costUsd + estimate.worstCaseCostUsd > costUsd)
      return {
        kind: "stop",
        guard: "cost-budget",
        message: `cost budget: this ${estimate.kind} request could cost ${usd(estimate.worstCaseCostUsd)} but ${usd(Math.max(0, costUsd - ledger.costUsd))} of ${usd(costUsd)} is left`,
      };
  }
  return GO;
}

/** Allowed in the state, not switched off, under its calls per session, affordable. */
export function beforeToolCall(meta: AgentMetadata, ledger: Ledger, flags: Flags, state: string, tool: string): Verdict {
  const contract = Object.hasOwn(meta.tools, tool) ? meta.tools[tool] : undefined;
  const stateMeta = Object.hasOwn(meta.states, state) ? meta.states[state] : undefined;
  if (contract === undefined) return { kind: "block", guard: "tool-not-allowed", message: `there is no tool ${JSON.stringify(tool)}; allowed here: ${(stateMeta?.tools ?? []).join(", ") || "none"}` };
  if (stateMeta === undefined || !stateMeta.tools.includes(tool) || !contract.allowedIn.includes(state))
    return { kind: "block", guard: "tool-not-allowed", message: `tool ${tool} is not allowed in state ${state}; allowed here: ${(stateMeta?.tools ?? []).join(", ") || "none"}` };
  if (isOn(flags, flagNames.toolDisabled(tool))) return { kind: "block", guard: "tool-disabled", message: `tool ${tool} is disabled (${flagNames.toolDisabled(tool)})` };
  const used = toolCalls(ledger, tool);
  if (used >= contract.callsPerSession)
    return { kind: "stop", guard: "calls-per-session", message: `tool ${tool} reached its limit of ${contract.callsPerSession} calls per session` };
  const budget = meta.budget.costUsd;
  if (budget !== undefined && contract.costUsd !== undefined && ledger.costUsd + contract.costUsd > budget)
    return { kind: "stop", guard: "cost-budget", message: `cost budget: a ${tool} call costs ${usd(contract.costUsd)} but ${usd(Math.max(0, budget - ledger.costUsd))} of ${usd(budget)} is left` };
  return GO;
}

function usd(value: number): string {
  return `${value.toFixed(value < 0.01 ? 6 : 4)} usd`;
}

function formatMs(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** A per-agent daily cap, counted in the session store across sessions and processes. */
export interface DailyCaps {
  readonly tokens?: number;
  readonly costUsd?: number;
}

/** What the agent has spent today, this session's uncommitted part included. */
export interface SpentToday {
  readonly tokens: number;
  readonly costUsd: number;
}

/** The request's worst case (or a tool's cost) must fit under the agent's daily caps. */
export function beforeDailyCap(agent: string, caps: DailyCaps | undefined, today: SpentToday | undefined, worst: { tokens: number; costUsd: number | undefined }): Verdict {
  if (caps === undefined || today === undefined) return GO;
  if (caps.tokens !== undefined && today.tokens + worst.tokens > caps.tokens)
    return { kind: "stop", guard: "daily-cap", message: `daily token cap of ${agent}: ${today.tokens} of ${caps.tokens} used today, this request could use ${worst.tokens}` };
  if (caps.costUsd !== undefined) {
    if (worst.costUsd === undefined) return { kind: "stop", guard: "daily-cap", message: `daily cost cap of ${agent}: the request's cost cannot be bounded (no price)` };
    if (today.costUsd + worst.costUsd > caps.costUsd)
      return { kind: "stop", guard: "daily-cap", message: `daily cost cap of ${agent}: ${usd(today.costUsd)} of ${usd(caps.costUsd)} spent today, this could cost ${usd(worst.costUsd)}` };
  }
  return GO;
}
