/**
 * The default model price table: USD per 1,000,000 tokens, input and output, by model id
 * (`provider:model`, as agents write it). The compiler's static cost bound and the
 * runtime's cost accounting and budget guard both read it, which is why it lives in
 * `runtime/` (the runtime never imports the compiler).
 *
 * These are the providers' public LIST prices for the standard tier (no prompt-cache,
 * batch, flex or priority rates), as published on their pricing pages and last reviewed
 * on 2026-11-24. They change; the provider's pricing page is the authority. Users override
 * or extend them with a price table file (`PriceTableFile`, JSON) merged over this one.
 *
 * Pure data and pure functions: no I/O, no dependencies.
 */

export interface ModelPrice {
  /** USD per 1M input (prompt) tokens. */
  readonly inputPerMTok: number;
  /** USD per 1M output (completion) tokens. */
  readonly outputPerMTok: number;
}

/** Model id → price. A Map: model ids are compared exactly and may be any string. */
export type PriceTable = ReadonlyMap<string, ModelPrice>;

/** When the list prices below were last checked against the providers' pages. */
export const DEFAULT_PRICES_REVIEWED = "2026-11-24";

const LIST_PRICES: readonly (readonly [string, number, number])[] = [
  // OpenAI (https://openai.com/api/pricing)
  ["openai:gpt-4.1", 2, 8],
  ["openai:gpt-4.1-mini", 0.4, 1.6],
  ["openai:gpt-4.1-nano", 0.1, 0.4],
  ["openai:gpt-4o", 2.5, 10],
  ["openai:gpt-4o-mini", 0.15, 0.6],
  ["openai:gpt-5", 1.25, 10],
  ["openai:gpt-5-mini", 0.25, 2],
  ["openai:gpt-5-nano", 0.05, 0.4],
  ["openai:o3", 2, 8],
  // Anthropic (https://www.anthropic.com/pricing#api)
  ["anthropic:claude-haiku-4-5", 1, 5],
  ["anthropic:claude-sonnet-4-5", 3, 15],
  ["anthropic:claude-opus-4-5", 5, 25],
  ["anthropic:claude-sonnet-5", 2, 10],
  ["anthropic:claude-opus-5", 5, 25],
];

export const DEFAULT_PRICES: PriceTable = new Map(LIST_PRICES.map(([model, input, output]) => [model, { inputPerMTok: input, outputPerMTok: output }]));

/** The price of `model` in `table` (the default table unless given); undefined when unknown. */
export function priceFor(model: string, table: PriceTable = DEFAULT_PRICES): ModelPrice | undefined {
  return table.get(model);
}

/** USD for one call of `inputTokens` in and `outputTokens` out at `price`. */
export function callCostUsd(price: ModelPrice, inputTokens: number, outputTokens: number): number {
  return (inputTokens * price.inputPerMTok + outputTokens * price.outputPerMTok) / 1_000_000;
}

/** `override`'s entries replace or extend `base`'s. */
export function mergePriceTables(base: PriceTable, override: PriceTable): PriceTable {
  return new Map([...base, ...override]);
}

/**
 * The JSON file users write to override prices, e.g.
 * `{ "version": 1, "models": { "ollama:llama3.1": { "input": 0, "output": 0 } } }`
 * (USD per 1M tokens).
 */
export interface PriceTableFile {
  readonly version: 1;
  readonly models: Readonly<Record<string, { readonly input: number; readonly output: number }>>;
}

export class PriceTableError extends Error {}

/** Parses a price table file's text; throws `PriceTableError` with a one-line reason. */
export function parsePriceTable(text: string): PriceTable {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PriceTableError("price table is not valid JSON");
  }
  if (!isObject(value)) throw new PriceTableError("price table: expected an object");
  if (value["version"] !== 1) throw new PriceTableError(`price table: unsupported version ${JSON.stringify(value["version"])} (expected 1)`);
  const models = value["models"];
  if (!isObject(models)) throw new PriceTableError('price table: "models" must be an object');
  const table = new Map<string, ModelPrice>();
  for (const [model, entry] of Object.entries(models)) {
    if (!isObject(entry)) throw new PriceTableError(`price table: "${model}" must be { "input": number, "output": number }`);
    const input = entry["input"];
    const output = entry["output"];
    if (!isPrice(input) || !isPrice(output)) throw new PriceTableError(`price table: "${model}" needs non-negative numbers "input" and "output" (USD per 1M tokens)`);
    table.set(model, { inputPerMTok: input, outputPerMTok: output });
  }
  return table;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isPrice(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}
