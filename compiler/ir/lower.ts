/**
 * Checked AST → agent graph (IR). Runs only on agents without errors, so it may assume
 * names resolve; it still never throws on a surprise (a missing piece lowers to a safe
 * default) because the language server may call it on stale trees.
 */
import { createHash } from "node:crypto";
import type * as A from "../../language/ast.ts";
import type { SourceFile } from "../../language/span.ts";
import type * as I from "./ir.ts";
import { exprText } from "./expr-text.ts";

export interface LowerInput {
  readonly file: A.AgentFile;
  readonly source: SourceFile;
  /** Path of the agent file relative to the workspace root, `/`-separated. */
  readonly relativePath: string;
  /** Tools imported from other files, by name, with where they came from. */
  readonly importedTools: ReadonlyMap<string, { readonly tool: A.ToolDecl; readonly source: SourceFile; readonly relativePath: string }>;
}

export const DEFAULT_CALLS_PER_SESSION = 5;

export function lowerAgent(input: LowerInput): I.AgentIR {
  const agent = input.file.agent;
  if (agent === undefined) throw new Error("lowerAgent needs a file with an agent");
  const members = agent.members;
  const ref = (span: { start: number }, source = input.source, file = input.relativePath): I.SourceRef => {
    const at = source.positionAt(span.start);
    return { file, line: at.line + 1, column: at.character + 1 };
  };

  const states = members.filter((m): m is A.StateDecl => m.kind === "StateDecl");
  const localTools = members.filter((m): m is A.ToolDecl => m.kind === "ToolDecl");
  const prompts = members.filter((m): m is A.PromptDecl => m.kind === "PromptDecl");
  const model = members.find((m): m is A.ModelDecl => m.kind === "ModelDecl");
  const escalations = members.filter((m): m is A.EscalationDecl => m.kind === "EscalationDecl");
  const defaultEscalation = escalations[0]?.name.name ?? "default";

  const toolDecls = new Map<string, { tool: A.ToolDecl; source: I.SourceRef }>();
  for (const [name, imported] of input.importedTools) {
    toolDecls.set(name, { tool: imported.tool, source: ref(imported.tool.span, imported.source, imported.relativePath) });
  }
  for (const tool of localTools) toolDecls.set(tool.name.name, { tool, source: ref(tool.span) });

  const record = (which: "input" | "output"): I.RecordTypeIR => {
    const decl = members.find((m): m is A.RecordDecl => m.kind === "RecordDecl" && m.which === which);
    return decl === undefined ? { kind: "record", fields: [] } : lowerRecord(decl.type);
  };
  const output = record("output");
  const agentMaxTokens = model?.maxTokens?.value;

  const toolIRs = new Map<string, I.ToolIR>();
  for (const [name, { tool, source }] of toolDecls) toolIRs.set(name, lowerTool(tool, source));

  const stateIRs = states.map((state, index) => lowerState(state, index));
  const allowedIn = new Map<string, string[]>();
  const promptUse = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, state: string): void => {
    const list = map.get(key) ?? [];
    if (!list.includes(state)) list.push(state);
    map.set(key, list);
  };
  for (const state of stateIRs) {
    const action = state.action;
    if (action.kind === "call") add(allowedIn, action.tool, state.name);
    if (action.kind === "loop") for (const tool of action.tools) add(allowedIn, tool, state.name);
    if (action.kind === "ask" || action.kind === "loop") add(promptUse, action.prompt, state.name);
  }

  const results = new Map<string, { type: I.TypeIR; setBy: string[] }>();
  const setResult = (name: string, type: I.TypeIR, state: string): void => {
    const existing = results.get(name);
    if (existing === undefined) results.set(name, { type, setBy: [state] });
    else existing.setBy.push(state); // the checker proved both states give it the same type
  };
  for (const state of stateIRs) {
    const action = state.action;
    if (action.kind === "call" && action.result !== undefined) {
      setResult(action.result, toolIRs.get(action.tool)?.output ?? { kind: "record", fields: [] }, state.name);
    } else if (action.kind === "ask" || action.kind === "loop" || action.kind === "await") {
      setResult(action.result, action.type, state.name);
    }
  }

  const budget = members.find((m): m is A.BudgetDecl => m.kind === "BudgetDecl");
  const budgetValue = (metric: A.BudgetItem["metric"]): number | undefined => {
    const item = budget?.items.find((i) => i.metric === metric);
    if (item === undefined) return undefined;
    const v = item.value;
    return v.kind === "MoneyLiteral" ? v.amount : v.kind === "DurationLiteral" ? v.milliseconds : v.value;
  };

  return {
    name: agent.name.name,
    description: agent.description?.value ?? "",
    version: members.find((m): m is A.VersionDecl => m.kind === "VersionDecl")?.value.value ?? 1,
    source: ref(agent.span),
    input: record("input"),
    output,
    model: {
      primary: model?.primary?.value ?? "",
      fallback: model?.fallback?.value,
      maxTokens: agentMaxTokens,
      temperature: model?.temperature?.value,
    },
    budget: { tokens: budgetValue("tokens"), costUsd: budgetValue("cost"), steps: budgetValue("steps"), timeMs: budgetValue("time") },
    escalations: escalations.map((e) => ({ name: e.name.name, description: e.description?.value ?? "" })),
    defaultEscalation,
    alerts: members.filter((m): m is A.AlertDecl => m.kind === "AlertDecl").map(lowerAlert),
    tools: [...toolIRs.values()].map((t) => ({ ...t, allowedIn: allowedIn.get(t.name) ?? [] })),
    prompts: prompts.map((p) => lowerPrompt(p, promptUse.get(p.name.name) ?? [])),
    examples: members
      .filter((m): m is A.ExampleDecl => m.kind === "ExampleDecl")
      .map((e) => ({ name: e.name.value, value: exprValue(e.value) })),
    start: members.find((m): m is A.StartDecl => m.kind === "StartDecl")?.state.name ?? states[0]?.name.name ?? "",
    states: stateIRs,
    results: [...results].map(([name, r]) => ({ name, type: r.type, setBy: r.setBy })),
  };

  function lowerState(state: A.StateDecl, index: number): I.StateIR {
    const action = lowerAction(state.actions[0], state.name.name);
    const transitions = state.transitions.map((t, i) => lowerTransition(t, state.name.name, i));
    return {
      id: `s${index}`,
      name: state.name.name,
      description: state.description?.value ?? "",
      source: ref(state.span),
      visitLimit: state.visitLimit?.value,
      action,
      transitions: [...transitions, ...implicitTransitions(state, action, transitions)],
    };
  }

  function lowerAction(action: A.Action | undefined, stateName: string): I.ActionIR {
    switch (action?.kind) {
      case "AskAction":
        return {
          kind: "ask",
          prompt: action.prompt.name,
          result: action.result.name,
          type: lowerType(action.type),
          maxTokens: action.maxTokens?.value ?? agentMaxTokens ?? 0,
        };
      case "CallAction":
        return {
          kind: "call",
          tool: action.tool.name,
          args: action.args.fields.map((f) => ({ name: f.name.name, value: lowerExpr(f.value) })),
          result: action.result?.name,
        };
      case "LoopAction":
        return {
          kind: "loop",
          tools: action.tools.map((t) => t.name),
          prompt: action.prompt.name,
          result: action.result.name,
          type: lowerType(action.type),
          maxTurns: action.maxTurns?.value ?? 0,
          maxTokens: action.maxTokens?.value ?? agentMaxTokens ?? 0,
        };
      case "AwaitAction":
        return {
          kind: "await",
          target: action.target.name,
          result: action.result.name,
          type: lowerType(action.type),
          timeoutMs: action.timeout?.milliseconds ?? 0,
        };
      case "ReplyAction":
        return lowerReply(action);
      case "EscalateAction":
        return lowerEscalate(action);
      case undefined:
        return { kind: "escalate", target: defaultEscalation, reason: { parts: [{ kind: "text", text: `state ${stateName} has no action` }] } };
    }
  }

  function lowerReply(reply: A.ReplyAction): I.ReplyIR {
    const given = new Map<string, I.ValueIR>();
    if (reply.text !== undefined) given.set("reply", { kind: "template", template: lowerTemplate(reply.text) });
    for (const field of reply.fields?.fields ?? []) given.set(field.name.name, { kind: "expr", expr: lowerExpr(field.value) });
    const ordered: { name: string; value: I.ValueIR }[] = [];
    for (const field of output.fields) {
      const value = given.get(field.name);
      if (value !== undefined) ordered.push({ name: field.name, value });
    }
    return { kind: "reply", fields: ordered };
  }

  function lowerEscalate(escalate: A.EscalateAction): I.EscalateIR {
    return {
      kind: "escalate",
      target: escalate.target.name,
      reason: escalate.reason === undefined ? { parts: [] } : lowerTemplate(escalate.reason),
    };
  }

  function lowerTransition(t: A.Transition, stateName: string, index: number): I.TransitionIR {
    let trigger: I.TriggerIR;
    switch (t.trigger.kind) {
      case "WhenTrigger": {
        const expr = lowerExpr(t.trigger.condition);
        trigger = { kind: "when", guard: { name: `${stateName}_when${index}`, expr, text: exprText(expr) } };
        break;
      }
      case "ElseTrigger":
        trigger = { kind: "else" };
        break;
      case "AlwaysTrigger":
        trigger = { kind: "done" };
        break;
      case "OnErrorTrigger":
        trigger = { kind: "error", error: t.trigger.error.name };
        break;
      case "OnAnyErrorTrigger":
        trigger = { kind: "anyError" };
        break;
      case "OnTimeoutTrigger":
        trigger = { kind: "timeout" };
        break;
      case "OnExhaustedTrigger":
        trigger = { kind: "exhausted" };
        break;
    }
    let target: I.TargetIR;
    switch (t.target.kind) {
      case "GotoTarget":
        target = { kind: "state", state: t.target.state.name };
        break;
      case "ReplyAction":
        target = { kind: "reply", reply: lowerReply(t.target) };
        break;
      case "EscalateAction":
        target = { kind: "escalate", escalate: lowerEscalate(t.target) };
        break;
    }
    return { trigger, target, unreachable: t.unreachable?.value, implicit: false };
  }

  /** The edges the language implies: failures nobody handled, limits reached. */
  function implicitTransitions(state: A.StateDecl, action: I.ActionIR, written: readonly I.TransitionIR[]): I.TransitionIR[] {
    const has = (kind: I.TriggerIR["kind"]): boolean => written.some((t) => t.trigger.kind === kind);
    const escalate = (reason: string): I.TargetIR => ({
      kind: "escalate",
      escalate: { kind: "escalate", target: defaultEscalation, reason: { parts: [{ kind: "text", text: reason }] } },
    });
    const implicit = (trigger: I.TriggerIR, reason: string): I.TransitionIR => ({ trigger, target: escalate(reason), unreachable: undefined, implicit: true });
    const out: I.TransitionIR[] = [];
    if (action.kind === "await" && !has("timeout")) out.push(implicit({ kind: "timeout" }, `no response from ${action.target} in time`));
    if (action.kind === "loop" && !has("exhausted")) out.push(implicit({ kind: "exhausted" }, `no answer within ${action.maxTurns} turns`));
    if ((action.kind === "call" || action.kind === "ask" || action.kind === "loop") && !has("anyError")) {
      const what = action.kind === "call" ? `tool ${action.tool} failed` : action.kind === "ask" ? `model call for ${action.prompt} failed` : `tool loop ${action.prompt} failed`;
      out.push(implicit({ kind: "anyError" }, what));
    }
    if (state.visitLimit !== undefined) out.push(implicit({ kind: "visitLimit" }, `state ${state.name.name} entered more than ${state.visitLimit.value} times`));
    return out;
  }
}

// ── Pieces that need no agent context ─────────────────────────────────────────

function lowerTool(tool: A.ToolDecl, source: I.SourceRef): I.ToolIR {
  const clause = <K extends A.ToolClause["kind"]>(kind: K): Extract<A.ToolClause, { kind: K }> | undefined =>
    tool.clauses.find((c) => c.kind === kind) as Extract<A.ToolClause, { kind: K }> | undefined;
  const schema = (which: "input" | "output"): I.RecordTypeIR => {
    const found = tool.clauses.find((c): c is A.ToolSchemaClause => c.kind === "ToolSchemaClause" && c.which === which);
    return found === undefined ? { kind: "record", fields: [] } : lowerRecord(found.type);
  };
  const effectsClause = clause("ToolEffectsClause");
  const effects = effectsClause?.effect ?? "none";
  const retry = clause("ToolRetryClause");
  const breaker = clause("ToolBreakerClause");
  const rate = clause("ToolRateClause");
  return {
    name: tool.name.name,
    description: tool.description?.value ?? "",
    source,
    input: schema("input"),
    output: schema("output"),
    errors: (clause("ToolErrorsClause")?.errors ?? []).map((e) => ({ name: e.name.name, retryable: e.retryable })),
    effects,
    sideEffecting: effects === "write" || effects === "payment",
    idempotencyKey: (effectsClause?.idempotencyKey ?? []).map((p) => p.segments.map((s) => s.name)),
    timeoutMs: clause("ToolTimeoutClause")?.value.milliseconds,
    retry:
      retry?.attempts !== undefined && retry.backoff !== undefined && retry.delay !== undefined
        ? { attempts: retry.attempts.value, backoff: retry.backoff, delayMs: retry.delay.milliseconds }
        : undefined,
    breaker: breaker && { failures: breaker.failures.value, windowMs: breaker.window.milliseconds, cooldownMs: breaker.cooldown.milliseconds },
    rate: rate && { count: rate.count.value, perMs: rate.per.milliseconds },
    callsPerSession: clause("ToolCallsClause")?.value.value ?? DEFAULT_CALLS_PER_SESSION,
    costUsd: clause("ToolCostClause")?.value.amount,
    allowedIn: [],
  };
}

function lowerAlert(alert: A.AlertDecl): I.AlertIR {
  const t = alert.threshold;
  const [threshold, unit]: [number, I.AlertIR["unit"]] =
    t.kind === "PercentLiteral" ? [t.percent, "percent"] : t.kind === "DurationLiteral" ? [t.milliseconds, "ms"] : t.kind === "MoneyLiteral" ? [t.amount, "usd"] : [t.value, "count"];
  return { metric: alert.metric.name as I.AlertMetric, threshold, unit };
}

export function lowerPrompt(prompt: A.PromptDecl, usedIn: readonly string[]): I.PromptIR {
  const template = lowerTemplate(prompt.body);
  const text = templateSource(template);
  return { name: prompt.name.name, version: prompt.version, text, parts: template.parts, hash: promptHash(text), usedIn };
}

export function promptHash(text: string): string {
  return `sha256:${createHash("sha256").update(text, "utf8").digest("hex")}`;
}

/** The template as text with normalised placeholders: what the hash covers. */
export function templateSource(template: I.TemplateIR): string {
  return template.parts.map((p) => (p.kind === "text" ? p.text : `{{ ${[p.root, ...p.fields].join(".")} }}`)).join("");
}

export function lowerTemplate(template: A.TemplateString): I.TemplateIR {
  return {
    parts: template.parts.map((p): I.TemplatePartIR => {
      if (p.kind === "TemplateText") return { kind: "text", text: p.text };
      const [root, ...fields] = p.path.segments.map((s) => s.name);
      return { kind: "placeholder", root: root ?? "", fields };
    }),
  };
}

export function lowerRecord(record: A.RecordType): I.RecordTypeIR {
  return {
    kind: "record",
    fields: record.fields.map((f) => ({
      name: f.name.name,
      optional: f.optional,
      type: lowerType(f.type, f.annotations),
      pii: f.annotations.some((a) => a.name.name === "pii"),
    })),
  };
}

export function lowerType(type: A.TypeExpr, annotations: readonly A.Annotation[] = []): I.TypeIR {
  const numberArg = (name: string): number | undefined => {
    const a = annotations.find((x) => x.name.name === name)?.argument;
    return a?.kind === "NumberLiteral" ? a.value : undefined;
  };
  switch (type.kind) {
    case "PrimitiveType":
      if (type.name === "string") {
        const pattern = annotations.find((x) => x.name.name === "pattern")?.argument;
        return {
          kind: "string",
          minLength: numberArg("minLength"),
          maxLength: numberArg("maxLength"),
          pattern: pattern?.kind === "StringLiteral" ? pattern.value : undefined,
        };
      }
      if (type.name === "boolean") return { kind: "boolean" };
      return { kind: type.name, min: numberArg("min"), max: numberArg("max") };
    case "LiteralUnionType":
      return { kind: "enum", values: type.values.map((v) => v.value) };
    case "ArrayType":
      return { kind: "array", element: lowerType(type.element), minItems: numberArg("minLength"), maxItems: numberArg("maxLength") };
    case "RecordType":
      return lowerRecord(type);
  }
}

export function lowerExpr(expr: A.Expr): I.ExprIR {
  switch (expr.kind) {
    case "BinaryExpr":
      return { kind: "binary", operator: expr.operator, left: lowerExpr(expr.left), right: lowerExpr(expr.right) };
    case "NotExpr":
      return { kind: "not", operand: lowerExpr(expr.operand) };
    case "ParenExpr":
      return lowerExpr(expr.inner);
    case "PathExpr": {
      const [root, ...fields] = expr.path.segments.map((s) => s.name);
      return { kind: "path", root: root ?? "", fields };
    }
    case "NumberLiteral":
    case "StringLiteral":
    case "BooleanLiteral":
      return { kind: "literal", value: expr.value };
    case "RecordLiteral":
      return { kind: "record", fields: expr.fields.map((f) => ({ name: f.name.name, value: lowerExpr(f.value) })) };
    case "ArrayLiteral":
      return { kind: "array", elements: expr.elements.map(lowerExpr) };
  }
}

/** A literal expression's JSON value (examples); paths have no value and become null. */
export function exprValue(expr: A.Expr): I.JsonValue {
  switch (expr.kind) {
    case "NumberLiteral":
    case "StringLiteral":
    case "BooleanLiteral":
      return expr.value;
    case "RecordLiteral":
      return Object.fromEntries(expr.fields.map((f) => [f.name.name, exprValue(f.value)]));
    case "ArrayLiteral":
      return expr.elements.map(exprValue);
    case "ParenExpr":
      return exprValue(expr.inner);
    default:
      return null;
  }
}
