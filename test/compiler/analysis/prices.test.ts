import { describe, expect, it } from "vitest";
import { callCostUsd, DEFAULT_PRICES, mergePriceTables, parsePriceTable, PriceTableError, priceFor } from "../../../runtime/prices.ts";

describe("price table", () => {
  it("prices the models the docs name, per 1M tokens", () => {
    expect(priceFor("openai:gpt-4.1-mini")).toEqual({ inputPerMTok: 0.4, outputPerMTok: 1.6 });
    expect(priceFor("anthropic:claude-haiku-4-5")).toEqual({ inputPerMTok: 1, outputPerMTok: 5 });
    expect(priceFor("acme:nothing")).toBeUndefined();
    expect(priceFor("__proto__")).toBeUndefined();
  });

  it("costs a call: 1,000 in and 500 out on gpt-4.1-mini = (1000 × 0.4 + 500 × 1.6) / 1e6 = 0.0012", () => {
    expect(callCostUsd(priceFor("openai:gpt-4.1-mini")!, 1000, 500)).toBeCloseTo(0.0012, 12);
  });

  it("parses a price file and merges it over the defaults", () => {
    const user = parsePriceTable('{ "version": 1, "models": { "ollama:llama3.1": { "input": 0, "output": 0 }, "openai:gpt-4.1-mini": { "input": 0.2, "output": 0.8 } } }');
    const table = mergePriceTables(DEFAULT_PRICES, user);
    expect(priceFor("ollama:llama3.1", table)).toEqual({ inputPerMTok: 0, outputPerMTok: 0 });
    expect(priceFor("openai:gpt-4.1-mini", table)).toEqual({ inputPerMTok: 0.2, outputPerMTok: 0.8 });
    expect(priceFor("openai:gpt-4.1", table)).toEqual({ inputPerMTok: 2, outputPerMTok: 8 });
  });

  it.each([
    ["{", /not valid JSON/],
    ["[]", /expected an object/],
    ['{ "version": 2, "models": {} }', /unsupported version 2/],
    ['{ "version": 1 }', /"models" must be an object/],
    ['{ "version": 1, "models": { "m": { "input": -1, "output": 0 } } }', /non-negative/],
    ['{ "version": 1, "models": { "m": 3 } }', /must be \{/],
  ])("rejects %s with a one-line error", (text, message) => {
    expect(() => parsePriceTable(text)).toThrow(PriceTableError);
    expect(() => parsePriceTable(text)).toThrow(message);
  });
});
