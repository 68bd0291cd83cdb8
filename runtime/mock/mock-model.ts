/**
 * The scripted model: an AI SDK provider (`ProviderV3` whose language models implement
 * `LanguageModelV3`, in language-model.ts), so mock runs go through the real intelligence
 * layer — structured output, tool loops, repair and fallback run as they would against a
 * real provider.
 *
 * Without a script (or once its list runs out) a request is answered from what it offers:
 * a value generated from the JSON response format's schema; in a tool loop, at
 * `toolCallRate` a call of one of the offered tools with arguments generated from its input
 * schema (at most `maxToolCalls` per conversation), else the answer — through the answer
 * tool when one is offered, as JSON text otherwise. With a script (`model-script.ts`) it
 * replays the script. Usage: a token per 4 characters of request and answer.
 *
 * A request draws from the stream `(seed, "model", hash of the request, n)` (`n`: how often
 * this same request came before), so answers repeat with the seed whatever the order of
 * unrelated requests.
 *
 * The types here are structural (`languageModel(id): object`, like the intelligence layer's
 * `ModelProvider`) so `agentc/runtime`'s declarations do not pull in the AI SDK's.
 */
import type { PromptMetadata } from "../contract.ts";
import { MockLanguageModel, MockModelState } from "./language-model.ts";
import type { ModelScript } from "./model-script.ts";
import type { Seed } from "./random.ts";

export interface MockModelOptions {
  /** Default 0. */
  readonly seed?: Seed;
  readonly script?: ModelScript;
  /** The module's `metadata.prompts`: tells which prompt a request renders, for a script by prompt name. */
  readonly prompts?: Readonly<Record<string, PromptMetadata>>;
  /**
   * Tools through which a loop gives its answer: called to answer, never as an action.
   * Default: `answer`, and `final_answer` (with any trailing `_`) as the intelligence layer names it.
   */
  readonly answerTools?: readonly string[];
  /** Probability that an unscripted loop turn calls a tool rather than answering (default 0.5). */
  readonly toolCallRate?: number;
  /** Tool calls per conversation after which an unscripted loop answers (default 3). */
  readonly maxToolCalls?: number;
  /**
   * Sent as `retry-after-ms` with scripted HTTP errors, which the AI SDK's retry honours: 0
   * retries at once. Default: no header, so the SDK's own backoff (2 s, 4 s…) when it retries.
   */
  readonly retryAfterMs?: number;
}

/** What the mock model did, request by request (for tests and the CLI's timeline). */
export interface MockModelRequest {
  readonly provider: string;
  readonly modelId: string;
  /** The prompt the request renders, when known (`providerOptions.agentc.prompt`, or matched against `prompts`). */
  readonly prompt: string | undefined;
  readonly scripted: boolean;
  readonly response: "answer" | "tool-call" | "error";
}

/** An AI SDK `ProviderV3` with a log of its requests. */
export interface MockModelProvider {
  readonly specificationVersion: "v3";
  /** An AI SDK `LanguageModelV3` for any id. */
  languageModel(modelId: string): object;
  /** The mock has no embedding or image models: these throw `NoSuchModelError`. */
  embeddingModel(modelId: string): never;
  imageModel(modelId: string): never;
  readonly requests: readonly MockModelRequest[];
}

/** One provider answering for any model id; `name` is the provider name its models report (default `mock`). */
export function mockModelProvider(options: MockModelOptions = {}, name = "mock"): MockModelProvider {
  return providerFor(name, new MockModelState(options));
}

/**
 * A provider for every provider name in `provider:model` ids (`openai:gpt-4.1-mini` →
 * `openai`), all sharing one script, seed and request log: what a mock run hands
 * `createIntelligence({ providers })`.
 */
export function mockModelProviders(modelIds: readonly (string | undefined)[], options: MockModelOptions = {}): Record<string, MockModelProvider> {
  const state = new MockModelState(options);
  const out: Record<string, MockModelProvider> = {};
  for (const id of modelIds) {
    if (id === undefined) continue;
    const colon = id.indexOf(":");
    const name = colon > 0 ? id.slice(0, colon) : "mock";
    if (!Object.hasOwn(out, name)) Object.defineProperty(out, name, { value: providerFor(name, state), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function providerFor(name: string, state: MockModelState): MockModelProvider {
  return {
    specificationVersion: "v3",
    languageModel: (modelId: string) => new MockLanguageModel(state, name, modelId),
    embeddingModel: (modelId: string) => state.noSuchModel(modelId, "embeddingModel"),
    imageModel: (modelId: string) => state.noSuchModel(modelId, "imageModel"),
    get requests() {
      return state.requests;
    },
  };
}
