/**
 * Attribute names: the OpenTelemetry GenAI semantic conventions where they exist, and ours
 * under the one `agentc.` namespace.
 */
export const GENAI = {
  operationName: "gen_ai.operation.name",
  providerName: "gen_ai.provider.name",
  requestModel: "gen_ai.request.model",
  requestMaxTokens: "gen_ai.request.max_tokens",
  inputTokens: "gen_ai.usage.input_tokens",
  outputTokens: "gen_ai.usage.output_tokens",
  toolName: "gen_ai.tool.name",
  toolType: "gen_ai.tool.type",
  toolDescription: "gen_ai.tool.description",
  agentName: "gen_ai.agent.name",
  agentDescription: "gen_ai.agent.description",
  conversationId: "gen_ai.conversation.id",
  tokenType: "gen_ai.token.type",
  errorType: "error.type",
} as const;

export const AGENTC = {
  agentVersion: "agentc.agent.version",
  state: "agentc.state",
  stateAction: "agentc.state.action",
  step: "agentc.step",
  guard: "agentc.guard",
  guardEffect: "agentc.guard.effect",
  guardMessage: "agentc.guard.message",
  outcome: "agentc.outcome",
  escalationTarget: "agentc.escalation.target",
  escalationReason: "agentc.escalation.reason",
  tokensUsed: "agentc.budget.tokens_used",
  tokensLeft: "agentc.budget.tokens_left",
  costUsed: "agentc.budget.cost_usd_used",
  costLeft: "agentc.budget.cost_usd_left",
  stepsLeft: "agentc.budget.steps_left",
  breakerState: "agentc.tool.breaker_state",
  idempotencyKeyHash: "agentc.tool.idempotency_key_hash",
  toolEffects: "agentc.tool.effects",
  toolCallsUsed: "agentc.tool.calls_used",
  failureKind: "agentc.failure.kind",
  failureMessage: "agentc.failure.message",
  promptName: "agentc.prompt.name",
  promptVersion: "agentc.prompt.version",
  promptHash: "agentc.prompt.hash",
} as const;

/** The tracer and meter name the runtime uses. */
export const INSTRUMENTATION_SCOPE = "agentc";
