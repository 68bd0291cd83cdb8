/**
 * Cost bound unit tests. Expected values are worked out by hand below, from the method in
 * compiler/analysis/cost-bound.ts and the allowances in token-estimate.ts:
 *   prompt tokens = ceil(text characters / 4) + 256 per placeholder; +200 per schema sent.
 * Prices: test:model costs 1 USD per 1M input tokens and 2 USD per 1M output tokens, so a
 * call's cost is (input × 1 + output × 2) / 1e6.
 */
import { describe, expect, it } from "vitest";
import { computeCostBound, emitCostJson, formatCostBound, type BoundedCost, type CostBound } from "../../../compiler/analysis/index.ts";
import type { PriceTable } from "../../../runtime/prices.ts";
import { bigAgent } from "../../generators/agent-arbitrary.ts";
import { agentFromText } from "../emit/contracts/load-agent.ts";

const PRICES: PriceTable = new Map([
  ["test:model", { inputPerMTok: 1, outputPerMTok: 2 }],
  ["test:dear", { inputPerMTok: 3, outputPerMTok: 1 }],
]);

function agent(body: string, { model = `"test:model"`, budget = "" } = {}): string {
  return `agent T "test" {
  input { text: string }
  output { reply: string }
  model primary ${model} maxTokens 100
  ${budget}
  escalation oncall "the on-call engineer"
  tool save "s" { input { text: string } output { id: string } effects write idempotent by text cost 0.01 usd retry 2 fixed 1s }
  tool find "f" { input { q: string } output { hits: integer } calls 2 cost 0.001 usd retry 1 fixed 1s }
  tool peek "p" { input { q: string } output { x: string } }
  tool charge "c" { input { amount: number } output { id: string } effects payment idempotent by amount cost 0.5 usd }
  prompt summarise v1 "Summarise: {{input.text}}"
  prompt check v1 "Check again."
  prompt explore v1 "Explore {{input.text}} now."
  prompt judge v1 "Judge {{input.text}}."
  prompt essay v1 "Write."
${body}
}`;
}

function bound(text: string, options: Parameters<typeof computeCostBound>[2] = {}): BoundedCost {
  const result: CostBound = computeCostBound(agentFromText(text), PRICES, options);
  if (result.kind !== "bounded") throw new Error(`expected a bound, got a cycle ${result.cycle.join(" → ")}`);
  return result;
}

const LINEAR = `
  start a
  state a { ask summarise as s: { text: string } -> b }
  state b { call save { text: s.text } as saved -> c }
  state c { reply "saved {{saved.id}}" }`;

describe("static cost bound", () => {
  it("a linear agent: the sum of its steps", () => {
    // a: input = ceil(len("Summarise: ")=11 / 4)=3 + 256 (1 placeholder) + 200 (schema) = 459; output = maxTokens 100
    //    cost = (459 × 1 + 100 × 2) / 1e6 = 0.000659
    // b: save costs 0.01 per attempt × (1 + 2 retries) = 0.03
    // c: a reply state: one step
    const b = bound(agent(LINEAR));
    expect(b.worstCase).toMatchObject({ steps: 3, llmCalls: 1, toolCalls: 1, inputTokens: 459, outputTokens: 100, tokens: 559 });
    expect(b.worstCase.llmCostUsd).toBeCloseTo(0.000659, 12);
    expect(b.worstCase.toolCostUsd).toBeCloseTo(0.03, 12);
    expect(b.worstCase.costUsd).toBeCloseTo(0.030659, 12);
    expect(b.worstPath).toEqual(["a", "b", "c"]);
    expect(b.method).toBe("exact");
    expect(b.warnings).toEqual([]);
  });

  it("a bounded self-cycle runs its action `visits at most N` times; entry N+1 escalates for free", () => {
    // per visit: input = ceil(len("Check again.")=12 / 4)=3 + 200 = 203, output 10
    //            cost = (203 + 20) / 1e6 = 0.000223
    // 3 visits: steps 3, input 609, output 30, cost 0.000669
    const b = bound(
      agent(`
  start a
  state a { visits at most 3
    ask check as r: { ok: boolean } maxTokens 10
    when r.ok -> reply "ok"
    else -> a }`),
    );
    expect(b.worstCase).toMatchObject({ steps: 3, llmCalls: 3, inputTokens: 609, outputTokens: 30, tokens: 639 });
    expect(b.worstCase.costUsd).toBeCloseTo(0.000669, 12);
    expect(b.worstPath).toEqual(["a", "a", "a"]);
  });

  const TWO_STATE_CYCLE = `
  start a
  state a { visits at most 2
    ask check as r: { ok: boolean } maxTokens 10
    when r.ok -> reply "ok"
    else -> b }
  state b { call find { q: input.text } as f -> a }`;

  it("a cycle bounded by one of its states: the unlimited state runs once per time round", () => {
    // a(1) → b → a(2) → b → a(3rd entry refused): steps a,b,a,b = 4
    // a: 2 × (203 in, 10 out) = 406 in, 20 out; cost 2 × 0.000223 = 0.000446
    // b: 2 calls of find at 0.001 × (1 + 1 retry) = 0.002 each → 0.004
    const b = bound(agent(TWO_STATE_CYCLE));
    expect(b.worstCase).toMatchObject({ steps: 4, llmCalls: 2, toolCalls: 2, inputTokens: 406, outputTokens: 20 });
    expect(b.worstCase.toolCostUsd).toBeCloseTo(0.004, 12);
    expect(b.worstCase.costUsd).toBeCloseTo(0.004446, 12);
    expect(b.worstPath).toEqual(["a", "b", "a", "b"]);
  });

  it("the approximation of a large cycle is an upper bound of the exact value", () => {
    // forced approximate: K = Σ visit limits in the SCC = 2; a runs 2 (its limit), b runs K + 1 = 3
    // steps 2 + 3 = 5 (exact: 4); tool calls 3 → capped by find's `calls 2` → 2
    // tool cost 3 × 0.002 = 0.006 → capped at calls 2 × 2 attempts × 0.001 = 0.004
    const b = bound(agent(TWO_STATE_CYCLE), { exactNodes: 0 });
    expect(b.method).toBe("approximate");
    expect(b.approximated).toEqual([["a", "b"]]);
    expect(b.worstCase).toMatchObject({ steps: 5, llmCalls: 2, toolCalls: 2 });
    expect(b.worstCase.toolCostUsd).toBeCloseTo(0.004, 12);
  });

  it("a tool loop: T turns with a growing transcript, tools at their per-session call limits", () => {
    // prompt: ceil(len("Explore " + " now.")=13 / 4)=4 + 256 = 260; k = 2 tools
    // B = 260 + (1 + 2) × 200 = 860
    // input = T·B + (M + k·512)·T(T−1)/2 = 3 × 860 + (50 + 1024) × 3 = 2580 + 3222 = 5802
    // output = T·M = 3 × 50 = 150; model cost = (5802 + 300) / 1e6 = 0.006102
    // tools: find calls 2 × 0.001 × 2 attempts = 0.004; peek calls 5 (default), no cost → 7 calls
    const b = bound(
      agent(`
  start l
  state l { use tools [find, peek] with prompt explore until ans: { x: string } at most 3 turns maxTokens 50
    -> reply "{{ans.x}}" }`),
    );
    expect(b.worstCase).toMatchObject({ steps: 1, llmCalls: 3, toolCalls: 7, inputTokens: 5802, outputTokens: 150, tokens: 5952 });
    expect(b.worstCase.llmCostUsd).toBeCloseTo(0.006102, 12);
    expect(b.worstCase.costUsd).toBeCloseTo(0.010102, 12);
  });

  it("a cycle through a tool loop is bounded by its turns per session", () => {
    // l(turn 1) → m → l(turn 2) → m → l(no turns left: only `on exhausted`) → reply: 5 steps
    // loop (k = 1): B = 260 + 2 × 200 = 660; input = 2 × 660 + (50 + 512) × 1 = 1882; output 100
    // m twice: 2 × 203 = 406 in, 2 × 10 = 20 out
    // input 2288, output 120; cost = (2288 + 240) / 1e6 = 0.002528; peek: 5 calls, free
    const b = bound(
      agent(`
  start l
  state l { use tools [peek] with prompt explore until ans: { done: boolean } at most 2 turns maxTokens 50
    on exhausted -> reply "gave up"
    when ans.done -> reply "done"
    else -> m }
  state m { ask check as r: { note: string } maxTokens 10 -> l }`),
    );
    expect(b.worstCase).toMatchObject({ steps: 5, llmCalls: 4, toolCalls: 5, inputTokens: 2288, outputTokens: 120 });
    expect(b.worstCase.costUsd).toBeCloseTo(0.002528, 12);
    expect(b.worstPath).toEqual(["l", "m", "l", "m", "l"]);
  });

  it("branches: each metric takes its own worst branch; the path shown is the dearest", () => {
    // a: ceil(len("Judge " + ".")=7 / 4)=2 + 256 + 200 = 458 in, 20 out → 0.000498
    // pay: charge 0.5;   write: ceil(len("Write.")=6 / 4)=2 + 200 = 202 in, 1000 out → 0.002202
    // cost: max(0.000498 + 0.5, 0.000498 + 0.002202) = 0.500498 via pay
    // tokens: max(478, 478 + 1202) = 1680 via write; model calls max(1, 2) = 2
    const b = bound(
      agent(`
  start a
  state a { ask judge as v: { pay: boolean } maxTokens 20
    when v.pay -> pay
    else -> write }
  state pay { call charge { amount: 1 } as c -> reply "paid" }
  state write { ask essay as e: { text: string } maxTokens 1000 -> reply "{{e.text}}" }`),
    );
    expect(b.worstCase).toMatchObject({ steps: 2, llmCalls: 2, toolCalls: 1, tokens: 1680 });
    expect(b.worstCase.costUsd).toBeCloseTo(0.500498, 12);
    expect(b.worstPath).toEqual(["a", "pay"]);
  });

  it("prices every model call at the dearer of primary and fallback, per token kind", () => {
    // price = (max(1, 3), max(2, 1)) = (3, 2): a costs (459 × 3 + 100 × 2) / 1e6 = 0.001577
    const b = bound(agent(LINEAR, { model: `"test:model" fallback "test:dear"` }));
    expect(b.worstCase.llmCostUsd).toBeCloseTo(0.001577, 12);
    expect(b.assumptions.callPrice).toEqual({ inputPerMTok: 3, outputPerMTok: 2 });
  });

  it("caps tool calls at their per-session limit, whatever the visit limits allow", () => {
    // 10 visits of find, but find allows 2 calls per session: 2 calls, 2 × 0.002 = 0.004
    const b = bound(
      agent(`
  start a
  state a { visits at most 10
    call find { q: input.text } as f
    -> a }`),
    );
    expect(b.worstCase).toMatchObject({ steps: 10, toolCalls: 2 });
    expect(b.worstCase.toolCostUsd).toBeCloseTo(0.004, 12);
  });
});

describe("unbounded agents", () => {
  it("a cycle with no limit is reported, not looped on", () => {
    const result = computeCostBound(
      agentFromText(
        agent(`
  start a
  state a { ask check as r: { ok: boolean } maxTokens 10 -> b }
  state b { call peek { q: input.text } as p -> a }`),
      ),
      PRICES,
    );
    expect(result.kind).toBe("unbounded");
    expect(result.kind === "unbounded" && result.cycle).toEqual(["a", "b"]);
    expect(result.warnings.map((w) => w.code)).toEqual(["AGC4003"]);
  });

  it("a cycle back into a tool loop through `on exhausted` uses no turn: unbounded", () => {
    const result = computeCostBound(
      agentFromText(
        agent(`
  start l
  state l { use tools [peek] with prompt explore until ans: { x: string } at most 2 turns maxTokens 50
    on exhausted -> m
    -> reply "{{ans.x}}" }
  state m { ask check as r: { note: string } maxTokens 10 -> l }`),
      ),
      PRICES,
    );
    expect(result.kind === "unbounded" && result.cycle).toEqual(["l", "m"]);
  });
});

describe("budget warnings", () => {
  it("warns for each budget the worst case exceeds (worst: 559 tokens, 0.030659 usd, 3 steps)", () => {
    const b = bound(agent(LINEAR, { budget: "budget tokens 500, cost 0.02 usd, steps 2" }));
    expect(b.warnings.map((w) => [w.code, w.args[2], w.message])).toEqual([
      ["AGC4001", "tokens", "the worst case of one T session is 559 tokens, above its tokens budget of 500 tokens"],
      ["AGC4001", "cost", "the worst case of one T session is 0.030659 usd, above its cost budget of 0.02 usd"],
      ["AGC4001", "steps", "the worst case of one T session is 3 steps, above its steps budget of 2 steps"],
    ]);
  });

  it("no warning when the worst case fits, including exactly at the budget", () => {
    expect(bound(agent(LINEAR, { budget: "budget tokens 559, cost 1 usd, steps 3" })).warnings).toEqual([]);
  });

  it("a model without a price: cost unknown, AGC4002, tool cost still counted", () => {
    const b = bound(agent(LINEAR, { model: `"acme:unknown"`, budget: "budget cost 0.01 usd" }));
    expect(b.worstCase.costUsd).toBeUndefined();
    expect(b.worstCase.toolCostUsd).toBeCloseTo(0.03, 12);
    expect(b.warnings.map((w) => w.code)).toEqual(["AGC4002"]);
    expect(formatCostBound(b)).toContain("unknown (no price for acme:unknown)");
  });
});

describe("output", () => {
  it("prints a table and writes stable JSON", () => {
    const b = bound(agent(LINEAR, { budget: "budget tokens 500, cost 0.40 usd, steps 8" }));
    expect(formatCostBound(b)).toBe(
      [
        "T: worst case per session (static bound)",
        "  steps        3                                                  budget 8",
        "  model calls  1",
        "  tool calls   1",
        "  tokens       559 (in 459, out 100)                              budget 500 (over)",
        "  cost         0.030659 usd (model 0.000659 usd, tools 0.03 usd)  budget 0.4 usd",
        "  worst path   a → b → c",
        "  (each figure is the most over all paths on its own; the worst path is the dearest)",
        "",
      ].join("\n"),
    );
    const json = JSON.parse(emitCostJson(b));
    expect(json.worstCase).toEqual({ steps: 3, llmCalls: 1, toolCalls: 1, inputTokens: 459, outputTokens: 100, tokens: 559, llmCostUsd: 0.000659, toolCostUsd: 0.03, costUsd: 0.030659 });
    expect(json.overBudget).toEqual(["tokens"]);
    expect(emitCostJson(b)).toBe(emitCostJson(bound(agent(LINEAR, { budget: "budget tokens 500, cost 0.40 usd, steps 8" }))));
  });
});

describe("scale", () => {
  it("bounds a generated 10,000-line agent quickly", () => {
    const ir = agentFromText(bigAgent({ lines: 10_000, seed: 2 }));
    const started = performance.now();
    const result = computeCostBound(ir);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(["bounded", "unbounded"]).toContain(result.kind);
  });
});
