/** The mock layer: generated tool outputs, a scripted model provider and mock humans for local runs (see README.md). */
export { generateValue, generateJson, type GenerateOptions } from "./generate-value.ts";
export { toJsonSchema, type JsonSchema, type JsonSchemaLike } from "./json-schema.ts";
export { rngFor, type Rng, type Seed } from "./random.ts";
export { MockConfigError, MockValueError } from "./errors.ts";
export { mockTools, type MockableModule, type MockToolsOptions } from "./mock-tools.ts";
export { parseFailSpec, parseFailSpecs, GENERIC_FAILURE, type ToolFailureMode } from "./fail-spec.ts";
export { mockHumans, type MockHuman, type MockHumansOptions } from "./mock-humans.ts";
export { mockInput } from "./mock-input.ts";
export { mockModelProvider, mockModelProviders, type MockModelOptions, type MockModelProvider, type MockModelRequest } from "./mock-model.ts";
export { modelScript, parseModelScript, ANY_PROMPT, type ModelScript, type ScriptEntry, type ScriptedError } from "./model-script.ts";
