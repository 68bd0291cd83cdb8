/** What the parser builds for each construct: values decoded, spans exact, nothing dropped. */
import { describe, expect, it } from "vitest";
import type * as A from "../../language/ast.ts";
import { parse } from "../../language/parse.ts";

function agent(body: string): { agent: A.AgentDecl; text: string } {
  const text = `agent Example "An example." {\n${body}\n}\n`;
  const result = parse("example.agent", text);
  expect(result.diagnostics.map((d) => d.message)).toEqual([]);
  return { agent: result.file.agent!, text };
}

function member<K extends A.AgentMember["kind"]>(a: A.AgentDecl, kind: K): Extract<A.AgentMember, { kind: K }> {
  const found = a.members.find((m) => m.kind === kind);
  if (found === undefined) throw new Error(`no ${kind}`);
  return found as Extract<A.AgentMember, { kind: K }>;
}

const slice = (text: string, span: { start: number; end: number }): string => text.slice(span.start, span.end);

describe("parser", () => {
  it("reads the header, records, types and annotations", () => {
    const { agent: a, text } = agent(`  version 3
  input { id: string @pattern("^o[0-9]+$") @minLength(2), n?: integer @min(0) @max(10), tags: ("a" | "b")[], nested: { ok: boolean }[][] , email: string @pii }`);
    expect(a.name.name).toBe("Example");
    expect(a.description?.value).toBe("An example.");
    expect(member(a, "VersionDecl").value.value).toBe(3);
    const fields = member(a, "RecordDecl").type.fields;
    expect(fields.map((f) => [f.name.name, f.optional, f.type.kind])).toEqual([
      ["id", false, "PrimitiveType"],
      ["n", true, "PrimitiveType"],
      ["tags", false, "ArrayType"],
      ["nested", false, "ArrayType"],
      ["email", false, "PrimitiveType"],
    ]);
    expect(fields[0]!.annotations.map((x) => [x.name.name, x.argument?.kind === "StringLiteral" ? x.argument.value : x.argument?.value])).toEqual([
      ["pattern", "^o[0-9]+$"],
      ["minLength", 2],
    ]);
    const tags = fields[2]!.type as A.ArrayType;
    expect(tags.element.kind === "LiteralUnionType" && tags.element.values.map((v) => v.value)).toEqual(["a", "b"]);
    const nested = fields[3]!.type as A.ArrayType;
    expect(nested.element.kind).toBe("ArrayType");
    expect(slice(text, fields[4]!.annotations[0]!.span)).toBe("@pii");
  });

  it("reads models, budgets, escalations and alerts with units", () => {
    const { agent: a } = agent(`  model primary "openai:gpt-4.1-mini" fallback "anthropic:claude-haiku-4-5" maxTokens 800 temperature 0.2
  budget tokens 20000, cost 0.40 usd, steps 8, time 1.5m
  escalation finance "Finance leads"
  alert escalationRate > 10%
  alert p95Latency > 30s
  alert costPerDay > 25 usd
  alert stepsPerCompletion > 6`);
    const model = member(a, "ModelDecl");
    expect([model.primary?.value, model.fallback?.value, model.maxTokens?.value, model.temperature?.value]).toEqual([
      "openai:gpt-4.1-mini",
      "anthropic:claude-haiku-4-5",
      800,
      0.2,
    ]);
    const budget = member(a, "BudgetDecl").items.map((i) => [i.metric, i.value.kind, "raw" in i.value ? i.value.raw : ""]);
    expect(budget).toEqual([
      ["tokens", "NumberLiteral", "20000"],
      ["cost", "MoneyLiteral", "0.40"],
      ["steps", "NumberLiteral", "8"],
      ["time", "DurationLiteral", "1.5m"],
    ]);
    const time = member(a, "BudgetDecl").items[3]!.value as A.DurationLiteral;
    expect(time.milliseconds).toBe(90_000);
    const alerts = a.members.filter((m): m is A.AlertDecl => m.kind === "AlertDecl").map((x) => [x.metric.name, x.threshold.kind]);
    expect(alerts).toEqual([
      ["escalationRate", "PercentLiteral"],
      ["p95Latency", "DurationLiteral"],
      ["costPerDay", "MoneyLiteral"],
      ["stepsPerCompletion", "NumberLiteral"],
    ]);
  });

  it("reads a tool contract with every clause", () => {
    const { agent: a } = agent(`  tool issueRefund "Refund an order." {
    input { orderId: string, amount: number }
    output { refundId: string }
    errors Declined, Throttled retryable
    effects payment idempotent by orderId, amount
    timeout 3s
    retry 3 exponential 200ms
    breaker 5 failures in 60s cooldown 30s
    rate 10 per 1s
    calls 2
    cost 0.0002 usd
  }`);
    const tool = member(a, "ToolDecl");
    expect(tool.clauses.map((c) => c.kind)).toEqual([
      "ToolSchemaClause",
      "ToolSchemaClause",
      "ToolErrorsClause",
      "ToolEffectsClause",
      "ToolTimeoutClause",
      "ToolRetryClause",
      "ToolBreakerClause",
      "ToolRateClause",
      "ToolCallsClause",
      "ToolCostClause",
    ]);
    const errors = tool.clauses[2] as A.ToolErrorsClause;
    expect(errors.errors.map((e) => [e.name.name, e.retryable])).toEqual([
      ["Declined", false],
      ["Throttled", true],
    ]);
    const effects = tool.clauses[3] as A.ToolEffectsClause;
    expect(effects.effect).toBe("payment");
    expect(effects.idempotencyKey.map((p) => p.segments.map((s) => s.name).join("."))).toEqual(["orderId", "amount"]);
    const retry = tool.clauses[5] as A.ToolRetryClause;
    expect([retry.attempts?.value, retry.backoff, retry.delay?.milliseconds]).toEqual([3, "exponential", 200]);
    const breaker = tool.clauses[6] as A.ToolBreakerClause;
    expect([breaker.failures.value, breaker.window.milliseconds, breaker.cooldown.milliseconds]).toEqual([5, 60_000, 30_000]);
  });

  it("reads prompts: version, dedented block text and located placeholders", () => {
    const { agent: a, text } = agent(`  prompt judge v12 """
    Total: {{ order.total }}.
      Indented: {{input.message}}
    Literal braces: \\{{ not a placeholder }}
  """`);
    const prompt = member(a, "PromptDecl");
    expect(prompt.version).toBe(12);
    const rendered = prompt.body.parts.map((p) => (p.kind === "TemplateText" ? p.text : `<${p.path.segments.map((s) => s.name).join(".")}>`)).join("");
    expect(rendered).toBe("Total: <order.total>.\n  Indented: <input.message>\nLiteral braces: {{ not a placeholder }}");
    const placeholders = prompt.body.parts.filter((p): p is Extract<A.TemplatePart, { kind: "Placeholder" }> => p.kind === "Placeholder");
    expect(placeholders.map((p) => slice(text, p.path.span))).toEqual(["order.total", "input.message"]);
    expect(placeholders.map((p) => slice(text, p.span))).toEqual(["{{ order.total }}", "{{input.message}}"]);
  });

  it("reads every action and trigger kind", () => {
    const { agent: a } = agent(`  state s "Describes." {
    visits at most 3
    call getOrder { orderId: input.orderId, flags: [1, 2], nested: { a: true } } as order
    on NotFound -> reply "none" with code: 404
    on error -> escalate ops "down {{ input.orderId }}"
    on timeout -> t
    -> reply { reply: "done" } unreachable "kept for the audit trail"
  }
  state t { ask judge as verdict: { ok: boolean } maxTokens 300
    when verdict.ok == true and not input.flag or input.n >= -1.5 -> u
    else -> escalate ops
  }
  state u { use tools [a, b] with prompt p until answer: { cause: string } at most 5 turns maxTokens 600
    on exhausted -> escalate ops
    -> v
  }
  state v { await human finance as response: { approved: boolean } timeout 24h
    when response.approved -> w
    else -> reply "declined"
  }
  state w { escalate ops "end" }`);
    const states = a.members.filter((m): m is A.StateDecl => m.kind === "StateDecl");
    expect(states.map((s) => s.actions.map((x) => x.kind))).toEqual([["CallAction"], ["AskAction"], ["LoopAction"], ["AwaitAction"], ["EscalateAction"]]);
    expect(states[0]!.visitLimit?.value).toBe(3);
    expect(states[0]!.transitions.map((t) => [t.trigger.kind, t.target.kind])).toEqual([
      ["OnErrorTrigger", "ReplyAction"],
      ["OnAnyErrorTrigger", "EscalateAction"],
      ["OnTimeoutTrigger", "GotoTarget"],
      ["AlwaysTrigger", "ReplyAction"],
    ]);
    expect(states[0]!.transitions[3]!.unreachable?.value).toBe("kept for the audit trail");
    const reply = states[0]!.transitions[0]!.target as A.ReplyAction;
    expect(reply.text?.parts).toMatchObject([{ kind: "TemplateText", text: "none" }]);
    expect(reply.fields?.fields.map((f) => f.name.name)).toEqual(["code"]);
    const loop = states[2]!.actions[0] as A.LoopAction;
    expect([loop.tools.map((t) => t.name), loop.prompt.name, loop.result.name, loop.maxTurns?.value, loop.maxTokens?.value]).toEqual([["a", "b"], "p", "answer", 5, 600]);
    expect((states[3]!.actions[0] as A.AwaitAction).timeout?.milliseconds).toBe(86_400_000);
  });

  it("applies precedence: comparisons, then and, then or; not binds tightest", () => {
    const { agent: a } = agent(`  state s { when a.x == 1 and not b or c < 2 -> s else -> s }`);
    const state = member(a, "StateDecl");
    const show = (e: A.Expr): string => {
      switch (e.kind) {
        case "BinaryExpr":
          return `(${show(e.left)} ${e.operator} ${show(e.right)})`;
        case "NotExpr":
          return `(not ${show(e.operand)})`;
        case "PathExpr":
          return e.path.segments.map((s) => s.name).join(".");
        case "NumberLiteral":
          return e.raw;
        default:
          return e.kind;
      }
    };
    const when = state.transitions[0]!.trigger;
    expect(when.kind === "WhenTrigger" && show(when.condition)).toBe("(((a.x == 1) and (not b)) or (c < 2))");
  });

  it("accepts keywords as names where a name is expected", () => {
    const { agent: a } = agent(`  input { input: string, cost: number, state: string, reply: string }
  state status { when input.state == "x" -> status else -> reply "ok" }`);
    expect(member(a, "RecordDecl").type.fields.map((f) => f.name.name)).toEqual(["input", "cost", "state", "reply"]);
    expect(member(a, "StateDecl").name.name).toBe("status");
  });

  it("reads `escalate` before the next transition as a missing target, not a target named `on`", () => {
    const text = `agent A "a" {\n  state s { call t {} as r\n    on error -> escalate\n    on NotFound -> reply "no"\n    -> reply "ok" }\n}\n`;
    const result = parse("example.agent", text);
    expect(result.diagnostics.map((d) => `${d.code} ${d.span.start}`)).toEqual([`AGC1004 ${text.indexOf("on NotFound")}`]);
    expect(result.diagnostics[0]!.message).toContain("the name of an escalation target");
    // Recovery keeps the transitions after it.
    const state = result.file.agent!.members.find((m): m is A.StateDecl => m.kind === "StateDecl")!;
    expect(state.transitions.length).toBeGreaterThanOrEqual(2);
  });

  it("reads imports and library files of top-level tools", () => {
    const result = parse("lib.agent", `import { a, b, } from "./other.agent"\ntool c "C." { input {} output {} }\ntool d { }`);
    expect(result.diagnostics).toEqual([]);
    expect(result.file.imports[0]!.names.map((n) => n.name)).toEqual(["a", "b"]);
    expect(result.file.imports[0]!.from.value).toBe("./other.agent");
    expect(result.file.tools.map((t) => t.name.name)).toEqual(["c", "d"]);
    expect(result.file.agent).toBeUndefined();
  });

  it("keeps comments with their text and kind", () => {
    const result = parse("c.agent", "// line\nagent A { /* block\n spanning */ version 1 // trailing\n}");
    expect(result.file.comments.map((c) => [c.text, c.block])).toEqual([
      ["// line", false],
      ["/* block\n spanning */", true],
      ["// trailing", false],
    ]);
  });
});
