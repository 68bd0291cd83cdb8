/** The runtime's metrics, through `@opentelemetry/api` only: the app decides where they go. */
import type { Attributes, Counter, Histogram, Meter } from "@opentelemetry/api";
import { AGENTC, GENAI } from "./attributes.ts";

export interface RuntimeMetrics {
  sessionFinished(agent: string, outcome: "reply" | "escalation", steps: number, tokens: number, costUsd: number, durationMs: number, target?: string): void;
  modelRequest(agent: string, model: string, inputTokens: number, outputTokens: number, durationMs: number, ok: boolean): void;
  toolCall(agent: string, tool: string, ok: boolean, durationMs: number): void;
  guardFired(agent: string, guard: string, effect: string): void;
}

export function createRuntimeMetrics(meter: Meter): RuntimeMetrics {
  const seconds = (name: string, description: string): Histogram => meter.createHistogram(name, { description, unit: "s" });
  const steps = meter.createHistogram("agentc.session.steps", { description: "Steps per completed session" });
  const tokens = meter.createHistogram("agentc.session.tokens", { description: "Model tokens per session", unit: "{token}" });
  const cost = meter.createHistogram("agentc.session.cost", { description: "USD per session (models and tools)", unit: "usd" });
  const sessionDuration = seconds("agentc.session.duration", "Session duration");
  const escalations: Counter = meter.createCounter("agentc.session.escalations", { description: "Sessions that ended in an escalation" });
  const completions: Counter = meter.createCounter("agentc.session.completions", { description: "Sessions that ended" });
  const llmDuration = seconds("gen_ai.client.operation.duration", "Model request duration");
  const tokenUsage = meter.createHistogram("gen_ai.client.token.usage", { description: "Tokens per model request", unit: "{token}" });
  const toolCalls: Counter = meter.createCounter("agentc.tool.calls", { description: "Tool calls" });
  const toolFailures: Counter = meter.createCounter("agentc.tool.failures", { description: "Tool calls that failed" });
  const toolDuration = seconds("agentc.tool.duration", "Tool call duration");
  const guards: Counter = meter.createCounter("agentc.guard.fired", { description: "Guards that stopped a session or blocked a call" });

  return {
    sessionFinished(agent, outcome, stepCount, tokenCount, usd, durationMs, target) {
      const attrs: Attributes = { [GENAI.agentName]: agent, [AGENTC.outcome]: outcome };
      completions.add(1, attrs);
      steps.record(stepCount, attrs);
      tokens.record(tokenCount, attrs);
      cost.record(usd, attrs);
      sessionDuration.record(durationMs / 1000, attrs);
      if (outcome === "escalation") escalations.add(1, { [GENAI.agentName]: agent, [AGENTC.escalationTarget]: target ?? "" });
    },
    modelRequest(agent, model, inputTokens, outputTokens, durationMs, ok) {
      const attrs: Attributes = { [GENAI.agentName]: agent, [GENAI.operationName]: "chat", [GENAI.requestModel]: model, ...(ok ? {} : { [GENAI.errorType]: "request_failed" }) };
      llmDuration.record(durationMs / 1000, attrs);
      tokenUsage.record(inputTokens, { ...attrs, [GENAI.tokenType]: "input" });
      tokenUsage.record(outputTokens, { ...attrs, [GENAI.tokenType]: "output" });
    },
    toolCall(agent, tool, ok, durationMs) {
      const attrs: Attributes = { [GENAI.agentName]: agent, [GENAI.toolName]: tool };
      toolCalls.add(1, attrs);
      if (!ok) toolFailures.add(1, attrs);
      toolDuration.record(durationMs / 1000, { ...attrs, [AGENTC.outcome]: ok ? "ok" : "failure" });
    },
    guardFired(agent, guard, effect) {
      guards.add(1, { [GENAI.agentName]: agent, [AGENTC.guard]: guard, [AGENTC.guardEffect]: effect });
    },
  };
}
