/**
 * The `chat <model>` span of one model request, with GenAI semantic-convention attributes and
 * ours under `agentc.*`. Only metadata: never prompt or answer text, never credentials.
 */
import { context, SpanKind, SpanStatusCode, trace, type Span } from "@opentelemetry/api";
import type { ModelRequestKind, ModelStep, ModelUsage } from "./types.ts";

export const TRACER_NAME = "agentc";

export interface ChatSpanStart {
  readonly step: ModelStep;
  readonly kind: ModelRequestKind;
  readonly provider: string;
  readonly model: string;
  readonly fallback: boolean;
  readonly estimatedInputTokens: number;
}

export function startChatSpan(start: ChatSpanStart): Span {
  const { step } = start;
  const parent = step.traceContext ?? context.active();
  return (step.tracer ?? trace.getTracer(TRACER_NAME)).startSpan(
    `chat ${start.model}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": start.provider,
        "gen_ai.request.model": start.model,
        "gen_ai.request.max_tokens": step.maxTokens,
        ...(step.temperature === undefined ? {} : { "gen_ai.request.temperature": step.temperature }),
        "agentc.prompt.name": step.prompt.name,
        "agentc.prompt.version": step.prompt.version,
        "agentc.prompt.hash": step.prompt.hash,
        "agentc.request.kind": start.kind,
        "agentc.request.fallback": start.fallback,
        "agentc.request.input_tokens_bound": start.estimatedInputTokens,
        "agentc.state": step.state,
      },
    },
    parent,
  );
}

export interface ChatSpanEnd {
  readonly usage: ModelUsage;
  readonly finishReason: string | undefined;
  /** A short, value-free error class and message, when the request failed. */
  readonly error?: { readonly type: string; readonly message: string };
}

export function endChatSpan(span: Span, end: ChatSpanEnd): void {
  span.setAttributes({ "gen_ai.usage.input_tokens": end.usage.inputTokens, "gen_ai.usage.output_tokens": end.usage.outputTokens });
  if (end.finishReason !== undefined) span.setAttribute("gen_ai.response.finish_reasons", [end.finishReason]);
  if (end.error !== undefined) {
    span.setAttribute("error.type", end.error.type);
    span.setStatus({ code: SpanStatusCode.ERROR, message: end.error.message });
  }
  span.end();
}
