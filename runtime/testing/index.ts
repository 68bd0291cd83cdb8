/** `agentc/testing`: the property-based harness `agentc test` and generated suites run (see README.md). */
export { CANARIES, CANARY_VALUES, canariesIn } from "./canaries.ts";
export type { CrashPlan, HarnessCase, HumanPlanItem, ModelPlan, ToolPlanItem } from "./case.ts";
export { builtinCorpus, canaryArgs, fillTemplate, parseJsonlCorpus, targetTools, type CorpusEntry, type CorpusLoad } from "./corpus.ts";
export { obedientProviders } from "./obedient-model.ts";
export { harnessModule, injectStrings, runCase, type AppliedEffect, type CaseRun, type ExecutedCall, type RunCaseOptions } from "./run-case.ts";
export { checkProperties, piiValues, PROPERTY_DESCRIPTIONS, PROPERTY_NAMES, type PropertyName, type Violation } from "./properties.ts";
export { boundaryValue, caseArbitrary, garbage, humanArbitrary, injections, inputArbitrary, modelEntryArbitrary, toolResultArbitrary, validValue, type CaseArbitraryOptions } from "./arbitraries.ts";
export { fuzz, type FuzzAgentResult, type FuzzFailure, type FuzzOptions, type FuzzResult } from "./fuzz.ts";
export { pathOf, replayFileOf, runSuite, timeline, type Counterexample, type PropertyResult, type SessionPath, type SuiteOptions, type SuiteResult } from "./suite.ts";
