/**
 * Every rule, in the order they run (like graphql-js `specifiedRules`): names first, then
 * types, then the shape of states and transitions, then whole-graph analyses. The order
 * only decides which rule runs first; diagnostics are sorted by position afterwards.
 */
import type { CheckRule } from "./context.ts";
import { actionCount } from "./action-count.ts";
import { agentRecords } from "./agent-records.ts";
import { boundedCycles } from "./bounded-cycles.ts";
import { escalationTargetRequired } from "./escalation-target-required.ts";
import { exampleInputs } from "./example-inputs.ts";
import { finalStateTransitions } from "./final-state-transitions.ts";
import { guardConditions } from "./guard-conditions.ts";
import { guardFallthrough } from "./guard-fallthrough.ts";
import { handledToolErrors } from "./handled-tool-errors.ts";
import { humanWaitTimeout } from "./human-wait-timeout.ts";
import { idempotencyKeys } from "./idempotency-keys.ts";
import { knownAlertMetrics } from "./known-alert-metrics.ts";
import { knownAnnotations } from "./known-annotations.ts";
import { knownEscalations } from "./known-escalations.ts";
import { knownPrompts } from "./known-prompts.ts";
import { knownStates } from "./known-states.ts";
import { knownToolErrors } from "./known-tool-errors.ts";
import { knownTools } from "./known-tools.ts";
import { loopTurnLimit } from "./loop-turn-limit.ts";
import { maxTokens } from "./max-tokens.ts";
import { modelNames } from "./model-names.ts";
import { modelRequired } from "./model-required.ts";
import { reachableStates } from "./reachable-states.ts";
import { replyRecords } from "./reply-records.ts";
import { reservedNames } from "./reserved-names.ts";
import { resultsAssigned } from "./results-assigned.ts";
import { singleDeclarations } from "./single-declarations.ts";
import { startState } from "./start-state.ts";
import { successTransition } from "./success-transition.ts";
import { templatePlaceholders } from "./template-placeholders.ts";
import { testReferences } from "./test-references.ts";
import { testValues } from "./test-values.ts";
import { toolArguments } from "./tool-arguments.ts";
import { toolContracts } from "./tool-contracts.ts";
import { triggerApplicability } from "./trigger-applicability.ts";
import { uniqueNames } from "./unique-names.ts";
import { uniqueTestNames } from "./unique-test-names.ts";
import { unreachableTransitions } from "./unreachable-transitions.ts";
import { unusedPrompts } from "./unused-prompts.ts";
import { unusedTools } from "./unused-tools.ts";
import { validAnnotations } from "./valid-annotations.ts";
import { validValues } from "./valid-values.ts";
import { wayOut } from "./way-out.ts";

export const ALL_CHECKS: readonly CheckRule[] = [
  // names
  uniqueNames,
  singleDeclarations,
  reservedNames,
  startState,
  knownStates,
  knownTools,
  knownPrompts,
  knownEscalations,
  knownToolErrors,
  knownAlertMetrics,
  knownAnnotations,
  testReferences,
  uniqueTestNames,
  // types
  guardConditions,
  toolArguments,
  templatePlaceholders,
  replyRecords,
  exampleInputs,
  testValues,
  validAnnotations,
  validValues,
  // declarations
  agentRecords,
  escalationTargetRequired,
  toolContracts,
  idempotencyKeys,
  modelNames,
  maxTokens,
  modelRequired,
  loopTurnLimit,
  humanWaitTimeout,
  // states and transitions
  actionCount,
  finalStateTransitions,
  triggerApplicability,
  unreachableTransitions,
  successTransition,
  guardFallthrough,
  handledToolErrors,
  // the graph
  reachableStates,
  wayOut,
  boundedCycles,
  resultsAssigned,
  unusedTools,
  unusedPrompts,
];
