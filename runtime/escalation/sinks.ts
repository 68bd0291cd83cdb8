/**
 * Where escalations go: a sink receives every session that ends in an escalation, with the
 * context a person needs to pick it up. Built in: the console (one line per escalation) and a
 * webhook (JSON POST, retried with backoff). `@pii` values in the input are masked before
 * anything leaves the process.
 */
import { ExponentialBackoff, handleWhen, retry } from "cockatiel";

export interface EscalationNotice {
  readonly sessionId: string;
  readonly agent: string;
  readonly version: number;
  readonly target: string;
  /** The escalation target's description from the agent (who they are). */
  readonly targetDescription: string | undefined;
  readonly reason: string;
  /** The last state that ran. */
  readonly state: string | undefined;
  readonly steps: number;
  readonly tokens: number;
  readonly costUsd: number;
  /** The session's input with `@pii` values masked. */
  readonly input: unknown;
  /** Epoch ms. */
  readonly at: number;
}

export interface EscalationSink {
  /** Must not throw for delivery problems it can retry; a rejection is reported, never fatal. */
  escalate(notice: EscalationNotice): void | Promise<void>;
}

/** One line per escalation on `write` (default: stderr). */
export function consoleEscalationSink(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): EscalationSink {
  return {
    escalate(n) {
      write(`escalation: ${n.agent} v${n.version} session ${n.sessionId} → ${n.target}${n.targetDescription !== undefined ? ` (${n.targetDescription})` : ""}: ${n.reason} [${n.steps} steps, ${n.tokens} tokens, $${n.costUsd.toFixed(4)}]`);
    },
  };
}

export interface WebhookSinkOptions {
  readonly headers?: Readonly<Record<string, string>>;
  /** Attempts after the first (default 4), exponential backoff from `initialDelayMs` (default 200). */
  readonly retries?: number;
  readonly initialDelayMs?: number;
  /** Per attempt (default 10 s). */
  readonly timeoutMs?: number;
}

export class WebhookDeliveryError extends Error {
  constructor(url: string, detail: string) {
    super(`escalation webhook ${url} failed: ${detail}`);
    this.name = "WebhookDeliveryError";
  }
}

/**
 * POSTs each notice as JSON to `url`, with an `Idempotency-Key` of the session id so a receiver
 * can drop the duplicates that retries may cause. 2xx is delivered; 408, 429 and 5xx and
 * network errors are retried; other statuses fail at once.
 */
export function webhookEscalationSink(url: string, options: WebhookSinkOptions = {}): EscalationSink {
  const policy = retry(handleWhen((error) => !(error as { final?: boolean }).final), { maxAttempts: options.retries ?? 4, backoff: new ExponentialBackoff({ initialDelay: options.initialDelayMs ?? 200, maxDelay: 10_000 }) });
  return {
    async escalate(notice) {
      await policy.execute(async () => {
        let response: Response;
        try {
          response = await fetch(url, {
            method: "POST",
            headers: { "content-type": "application/json", "idempotency-key": `escalation-${notice.sessionId}`, ...options.headers },
            body: JSON.stringify(notice),
            signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
          });
        } catch (error) {
          throw new WebhookDeliveryError(url, error instanceof Error ? error.message : String(error));
        }
        if (response.ok) return;
        const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
        const error = new WebhookDeliveryError(url, `HTTP ${response.status}`);
        if (!retryable) throw Object.assign(error, { final: true });
        throw error;
      });
    },
  };
}
