/** Turning what a provider call threw into a short, key-free description and a breaker verdict. */
import { APICallError } from "ai";

export interface ProviderFailure {
  readonly message: string;
  /** Says the provider is unwell (5xx, 429, network, cut stream, timeout): counts for its breaker. */
  readonly counts: boolean;
}

/** A 4xx other than 408/409/429 is our request or our credentials, not an outage. */
function isClientError(status: number | undefined): boolean {
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 409 && status !== 429;
}

export function describeProviderError(thrown: unknown): ProviderFailure {
  if (APICallError.isInstance(thrown)) {
    const status = thrown.statusCode;
    const prefix = status === undefined ? "provider error" : `HTTP ${status}`;
    const cause = thrown.cause instanceof Error && thrown.cause.message !== "" ? ` (${thrown.cause.message})` : "";
    return { message: `${prefix}: ${safeMessage(thrown.message + cause)}`, counts: !isClientError(status) };
  }
  return { message: `provider error: ${safeMessage(thrown instanceof Error ? thrown.message || thrown.name : describeNonError(thrown))}`, counts: true };
}

function describeNonError(thrown: unknown): string {
  return `a non-Error value (${thrown === null ? "null" : typeof thrown})`;
}

/**
 * Provider messages sometimes echo a credential ("Incorrect API key provided: sk-…"): anything
 * shaped like a key or bearer token is masked, and the message is cut to one short line.
 */
export function safeMessage(message: unknown): string {
  let text: string;
  try {
    text = typeof message === "string" ? message : String(message);
  } catch {
    return "(unreadable message)";
  }
  const masked = text
    .replace(/\b(sk|pk|rk|key|sess|org|proj)[-_][A-Za-z0-9_-]{6,}/giu, "[redacted]")
    .replace(/\bBearer\s+\S+/giu, "Bearer [redacted]")
    .replace(/\b[A-Za-z0-9_-]{32,}\b/gu, "[redacted]")
    .replace(/\s+/gu, " ")
    .trim();
  return masked.length > 200 ? `${masked.slice(0, 200)}…` : masked;
}
