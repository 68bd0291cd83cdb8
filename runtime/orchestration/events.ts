/**
 * What a session tells its observers, in order. Every string in an event has been through
 * the session's redactor: `@pii` values are masked (see telemetry/redact.ts). `at` is the
 * session clock in epoch ms.
 */
import type { Outcome, StepFailure } from "../contract.ts";

/** The guard that stopped or blocked something. Each is also an alert. */
export type GuardName =
  | "step-budget"
  | "token-budget"
  | "cost-budget"
  | "daily-cap"
  | "wall-clock"
  | "calls-per-session"
  | "tool-not-allowed"
  | "tool-disabled"
  | "agent-disabled"
  | "force-escalate"
  | "flags-unavailable";

export type SessionEvent =
  | { readonly type: "session.started"; readonly sessionId: string; readonly agent: string; readonly version: number; readonly at: number }
  | { readonly type: "step.started"; readonly step: number; readonly state: string; readonly action: string; readonly at: number }
  | {
      readonly type: "decision";
      /** The state whose step just ended, and where the machine went. */
      readonly from: string;
      readonly to: string;
      readonly at: number;
    }
  | {
      readonly type: "model.request";
      readonly state: string;
      readonly model: string;
      readonly kind: string;
      readonly inputTokens: number;
      readonly outputTokens: number;
      readonly costUsd: number | undefined;
      readonly ok: boolean;
      readonly error?: string;
      readonly durationMs: number;
      readonly at: number;
    }
  | {
      readonly type: "tool.call";
      readonly state: string;
      readonly tool: string;
      readonly args: unknown;
      readonly ok: boolean;
      readonly result?: unknown;
      readonly failure?: StepFailure;
      readonly durationMs: number;
      /** Set for side-effecting tools: a hash of the idempotency key (never the key itself). */
      readonly idempotencyKeyHash?: string;
      readonly at: number;
    }
  | { readonly type: "human.response"; readonly state: string; readonly ok: boolean; readonly at: number }
  | {
      readonly type: "guard";
      readonly guard: GuardName;
      readonly state: string | undefined;
      readonly message: string;
      /** `stopped`: the session escalates; `blocked`: one call was refused and the step goes on. */
      readonly effect: "stopped" | "blocked";
      readonly at: number;
    }
  | {
      readonly type: "session.finished";
      readonly outcome: Outcome;
      readonly steps: number;
      readonly tokens: number;
      readonly costUsd: number;
      readonly durationMs: number;
      readonly at: number;
    };

export type SessionEventListener = (event: SessionEvent) => void;
