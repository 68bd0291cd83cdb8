/**
 * A session's spans. The session span (`invoke_agent <agent>`) opens when the session starts;
 * step spans open and close as XState's `inspect` stream reports the machine entering and
 * leaving states (the machine is not wrapped); tool spans (`execute_tool <tool>`) are children
 * of the step that calls them; the intelligence layer hangs its `chat <model>` spans under
 * `stepContext()`. Every string attribute goes through the session's redactor.
 */
import { context, SpanKind, SpanStatusCode, trace, type Attributes, type AttributeValue, type Context, type Span, type Tracer } from "@opentelemetry/api";
import type { Outcome, StepFailure, ToolContract } from "../contract.ts";
import { AGENTC, GENAI } from "./attributes.ts";
import type { Redactor } from "./redact.ts";

export interface SessionTraceInit {
  readonly tracer: Tracer;
  readonly redactor: Redactor;
  readonly agent: string;
  readonly description: string;
  readonly version: number;
  readonly sessionId: string;
  /** The caller's context (a request span of the embedding service), if any. */
  readonly parent?: Context;
}

export class SessionTrace {
  readonly #init: SessionTraceInit;
  readonly #session: Span;
  readonly #sessionContext: Context;
  #step: { span: Span; context: Context; state: string } | undefined;
  #ended = false;

  constructor(init: SessionTraceInit) {
    this.#init = init;
    const parent = init.parent ?? context.active();
    this.#session = init.tracer.startSpan(
      `invoke_agent ${init.agent}`,
      {
        kind: SpanKind.INTERNAL,
        attributes: this.#clean({
          [GENAI.operationName]: "invoke_agent",
          [GENAI.agentName]: init.agent,
          [GENAI.agentDescription]: init.description,
          [GENAI.conversationId]: init.sessionId,
          [AGENTC.agentVersion]: init.version,
        }),
      },
      parent,
    );
    this.#sessionContext = trace.setSpan(parent, this.#session);
  }

  /** The context of the step in progress (or of the session between steps). */
  stepContext(): Context {
    return this.#step?.context ?? this.#sessionContext;
  }

  /** From the inspect stream: the machine entered `state` (a new step). */
  enterStep(state: string, action: string, step: number): void {
    this.leaveStep();
    if (this.#ended) return;
    const span = this.#init.tracer.startSpan(
      `step ${state}`,
      { attributes: this.#clean({ [AGENTC.state]: state, [AGENTC.stateAction]: action, [AGENTC.step]: step, [GENAI.agentName]: this.#init.agent }) },
      this.#sessionContext,
    );
    this.#step = { span, context: trace.setSpan(this.#sessionContext, span), state };
  }

  /** From the inspect stream: the machine left the step's state. */
  leaveStep(attributes: Attributes = {}): void {
    const step = this.#step;
    if (step === undefined) return;
    step.span.setAttributes(this.#clean(attributes));
    step.span.end();
    this.#step = undefined;
  }

  /** A guard fired: an event on the step (or session) span, and on the session span. */
  guard(guard: string, effect: "stopped" | "blocked", message: string, budget: Attributes): void {
    const attrs = this.#clean({ [AGENTC.guard]: guard, [AGENTC.guardEffect]: effect, [AGENTC.guardMessage]: message, ...budget });
    this.#step?.span.addEvent("agentc.guard", attrs);
    this.#session.addEvent("agentc.guard", attrs);
    if (effect === "stopped") this.#session.setAttributes(this.#clean({ [AGENTC.guard]: guard }));
  }

  /** A span for one tool call, child of the current step; `end` it with the call's result. */
  toolSpan(contract: ToolContract, state: string): ToolSpan {
    const span = this.#init.tracer.startSpan(
      `execute_tool ${contract.name}`,
      {
        kind: SpanKind.INTERNAL,
        attributes: this.#clean({
          [GENAI.operationName]: "execute_tool",
          [GENAI.toolName]: contract.name,
          [GENAI.toolType]: "function",
          [GENAI.toolDescription]: contract.description,
          [GENAI.agentName]: this.#init.agent,
          [AGENTC.state]: state,
          [AGENTC.toolEffects]: contract.effects,
        }),
      },
      this.stepContext(),
    );
    const spanContext = trace.setSpan(this.stepContext(), span);
    return {
      context: spanContext,
      end: (failure, attributes) => {
        span.setAttributes(this.#clean(attributes));
        if (failure !== undefined) {
          span.setAttributes(this.#clean({ [GENAI.errorType]: failure.kind === "error" ? failure.name : failure.kind, [AGENTC.failureKind]: failure.kind, [AGENTC.failureMessage]: failure.message }));
          span.setStatus({ code: SpanStatusCode.ERROR, message: this.#init.redactor.redact(failure.message) });
        }
        span.end();
      },
    };
  }

  /** The session ended: close the step and the session span with the outcome and what was spent. */
  finish(outcome: Outcome, attributes: Attributes): void {
    if (this.#ended) return;
    this.leaveStep();
    this.#ended = true;
    this.#session.setAttributes(
      this.#clean({
        ...attributes,
        [AGENTC.outcome]: outcome.kind,
        ...(outcome.kind === "escalation" ? { [AGENTC.escalationTarget]: outcome.target, [AGENTC.escalationReason]: outcome.reason } : {}),
      }),
    );
    if (outcome.kind === "escalation") this.#session.setStatus({ code: SpanStatusCode.OK });
    this.#session.end();
  }

  #clean(attributes: Attributes): Attributes {
    const out: Attributes = {};
    for (const [key, value] of Object.entries(attributes)) {
      if (value === undefined || value === null) continue;
      out[key] = this.#redactValue(value);
    }
    return out;
  }

  #redactValue(value: AttributeValue): AttributeValue {
    const redactor = this.#init.redactor;
    if (typeof value === "string") return redactor.redact(value);
    if (Array.isArray(value)) return value.map((item) => (typeof item === "string" ? redactor.redact(item) : item)) as AttributeValue;
    return value;
  }
}

export interface ToolSpan {
  readonly context: Context;
  end(failure: StepFailure | undefined, attributes: Attributes): void;
}
