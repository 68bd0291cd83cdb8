/**
 * Builds a random VALID agent model from a seed: it passes every check with no error and no
 * warning. Validity is by construction:
 * - every state is reachable: state i > 0 gets a transition from an earlier non-final state;
 * - every state has a way out: each non-final state has a transition that is not a back edge;
 * - every cycle is bounded: the target of each back edge gets `visits at most N` (or is a
 *   `use tools` loop, whose turn limit counts per session);
 * - every tool and prompt is used (one call state per call tool, one prompt per ask/loop);
 * - every named tool error is handled (`on Name` or `on error`), human waits have a timeout
 *   and `on timeout`, side-effecting tools have idempotency keys, the model has maxTokens;
 * - names used in guards, arguments, placeholders and replies are definitely assigned: a
 *   must-analysis over the state graph (a step's result is set on its success edges only);
 * - literals satisfy their field's type and constraints; only required, non-@pii fields of
 *   matching type are referenced.
 */
import type {
  ActionModel,
  AgentModel,
  CommentModel,
  Constraints,
  EscalateModel,
  FieldModel,
  PromptModel,
  ReplyModel,
  StateModel,
  TargetModel,
  ToolClauseModel,
  ToolModel,
  TransitionModel,
  TriggerModel,
  TypeModel,
} from "./agent-model.ts";
import { Random } from "./random.ts";

export interface BuildOptions {
  /** Number of states (at least 1). */
  readonly states: number;
  /** Sprinkle leading and trailing comments (default true). */
  readonly comments?: boolean;
  /** Use names such as `__proto__` and `constructor` now and then (default true). */
  readonly exoticNames?: boolean;
  /** Allow back edges (bounded cycles) (default true). */
  readonly cycles?: boolean;
}

const STATE_NAMES = ["lookup", "judge", "refund", "triage", "classify", "notify", "review", "approve", "gather", "search", "confirm", "route", "summarize", "verify", "fetch", "draft", "publish", "finish", "decline", "handoff"];
const RESULT_NAMES = ["order", "verdict", "answer", "response", "info", "outcome", "details", "plan", "quote", "ticket", "findings", "decision"];
const TOOL_NAMES = ["getOrder", "issueRefund", "searchLogs", "getMetrics", "recentDeploys", "createTicket", "sendEmail", "chargeCard", "lookupUser", "fetchDoc", "postMessage", "updateRecord"];
const PROMPT_NAMES = ["judgePrompt", "diagnose", "classifier", "summarizer", "drafter", "planner", "extractor"];
const ESCALATION_NAMES = ["oncall", "finance", "support", "legal", "security"];
const FIELD_NAMES = ["id", "name", "email", "total", "amount", "status", "count", "score", "note", "reason", "flag", "ok", "level", "tier", "tags", "items", "region", "priority", "message", "summary", "cost", "time", "rate", "state", "error", "version", "tokens"];
const EXOTIC_NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"];
const ERROR_NAMES = ["NotFound", "Declined", "Throttled", "Conflict", "Invalid", "Unavailable", "Expired"];
const WORDS = ["the", "order", "customer", "refund", "please", "check", "status", "was", "not", "found", "approved", "review", "logs", "metrics", "café", "naïve", "ok", "ticket", "deploy", "incident", "draft", "✓", "日本"];
const PATTERNS: readonly { readonly source: string; readonly sample: (r: Random, length: number) => string }[] = [
  { source: "^[a-z]+$", sample: (r, length) => Array.from({ length }, () => String.fromCharCode(97 + r.int(0, 25))).join("") },
  { source: "^o[0-9]+$", sample: (r, length) => `o${Array.from({ length: Math.max(1, length - 1) }, () => String(r.int(0, 9))).join("")}` },
];

interface Ref {
  readonly path: string;
  readonly type: TypeModel;
  readonly constraints: Constraints;
}

class Names {
  readonly #used = new Set<string>(["input"]);
  readonly #r: Random;
  readonly #exotic: boolean;

  constructor(r: Random, exotic: boolean) {
    this.#r = r;
    this.#exotic = exotic;
  }

  fresh(pool: readonly string[], exoticChance = 0): string {
    let base = this.#exotic && this.#r.bool(exoticChance) ? this.#r.pick(EXOTIC_NAMES) : this.#r.pick(pool);
    if (this.#used.has(base)) base = `${base}${this.#used.size}`;
    let name = base;
    for (let i = 2; this.#used.has(name); i++) name = `${base}_${i}`;
    this.#used.add(name);
    return name;
  }
}

/** A bit set over result indices (the must-analysis runs on thousands of states in benchmarks). */
class Bits {
  readonly words: Uint32Array;
  constructor(size: number, full: boolean) {
    this.words = new Uint32Array(Math.ceil(size / 32) || 1);
    if (full) this.words.fill(0xffffffff);
  }
  has(i: number): boolean {
    return (this.words[i >>> 5]! & (1 << (i & 31))) !== 0;
  }
  with(i: number | undefined): Bits {
    const out = new Bits(0, false);
    (out as { words: Uint32Array }).words = this.words.slice();
    if (i !== undefined) out.words[i >>> 5]! |= 1 << (i & 31);
    return out;
  }
  /** this ∩= other; returns true when this changed. */
  intersect(other: Bits): boolean {
    let changed = false;
    for (let w = 0; w < this.words.length; w++) {
      const next = (this.words[w]! & other.words[w]!) >>> 0;
      if (next !== this.words[w]) {
        this.words[w] = next;
        changed = true;
      }
    }
    return changed;
  }
}

type ActionPlan =
  | { kind: "ask"; result: string; prompt: string; type: TypeModel }
  | { kind: "call"; tool: ToolModel; result: string | undefined }
  | { kind: "loop"; tools: ToolModel[]; prompt: string; result: string; type: TypeModel }
  | { kind: "await"; target: string; result: string; type: TypeModel }
  | { kind: "reply" }
  | { kind: "escalate" };

interface Slot {
  trigger: TriggerModel;
  /** State index, or a final target kind to fill in later. */
  target: number | "reply" | "escalate";
  success: boolean;
  unreachable?: string;
  /** A transition back to an earlier (or the same) non-final state: its target needs a bound. */
  backEdge?: boolean;
}

export function buildAgent(seed: number, options: BuildOptions): AgentModel {
  return new Builder(seed, options).build();
}

class Builder {
  readonly r: Random;
  readonly names: Names;
  readonly comments: boolean;
  readonly cycles: boolean;
  readonly stateCount: number;
  readonly exotic: boolean;

  constructor(seed: number, options: BuildOptions) {
    this.r = new Random(seed);
    this.exotic = options.exoticNames ?? true;
    this.names = new Names(this.r, this.exotic);
    this.comments = options.comments ?? true;
    this.cycles = options.cycles ?? true;
    this.stateCount = Math.max(1, Math.floor(options.states));
  }

  // ── comments ──────────────────────────────────────────────────────────────

  commentText(): string {
    const words = Array.from({ length: this.r.int(1, 5) }, () => this.r.pick(WORDS)).join(" ");
    return this.r.bool(0.75) ? `// ${words}` : `/* ${words} */`;
  }

  comment(probability = 0.15): CommentModel | undefined {
    if (!this.comments || !this.r.bool(probability)) return undefined;
    const leading = this.r.bool(0.6) ? this.commentText() : undefined;
    const trailing = leading === undefined || this.r.bool(0.3) ? this.commentText() : undefined;
    return { leading, trailing };
  }

  // ── types, fields and literals ────────────────────────────────────────────

  fields(count: number, depth: number, allowPii: boolean): FieldModel[] {
    const used = new Set<string>();
    const out: FieldModel[] = [];
    for (let i = 0; i < count; i++) {
      let name = this.r.pick(FIELD_NAMES); // never EXOTIC_NAMES: fields named like Object.prototype members are reserved (AGC2018)
      while (used.has(name)) name = `${name}${i}`;
      used.add(name);
      out.push(this.field(name, depth, allowPii));
    }
    return out;
  }

  field(name: string, depth: number, allowPii: boolean, kind?: string): FieldModel {
    const r = this.r;
    const chosen =
      kind ??
      r.weighted<string>([
        ["string", 30],
        ["number", 15],
        ["integer", 15],
        ["boolean", 15],
        ["union", 10],
        ["array", 8],
        ["record", depth < 2 ? 7 : 0],
      ]);
    let type: TypeModel;
    let constraints: Constraints = {};
    let pii = false;
    switch (chosen) {
      case "string": {
        type = { kind: "primitive", name: "string" };
        if (r.bool(0.2)) {
          const min = r.int(1, 3);
          constraints = r.bool(0.5) ? { minLength: min, maxLength: min + r.int(0, 10) } : { maxLength: r.int(4, 40) };
        }
        if (r.bool(0.1)) constraints = { ...constraints, pattern: r.pick(PATTERNS).source };
        // `^o[0-9]+$` needs 2 characters: a shorter maxLength would leave the field no valid value.
        if (constraints.pattern === PATTERNS[1]!.source && constraints.maxLength !== undefined && constraints.maxLength < 2) constraints = { ...constraints, maxLength: 2 };
        pii = allowPii && r.bool(0.12);
        break;
      }
      case "number":
      case "integer": {
        type = { kind: "primitive", name: chosen };
        if (r.bool(0.3)) {
          const min = r.int(0, 10);
          constraints = r.bool(0.5) ? { min, max: min + r.int(1, 1000) } : { max: r.int(1, 500) };
        }
        break;
      }
      case "boolean":
        type = { kind: "primitive", name: "boolean" };
        break;
      case "union": {
        const values = r.sample(["delivered", "shipped", "cancelled", "low", "high", "gold", "silver", "open", "closed"], r.int(1, 4));
        type = { kind: "union", values };
        break;
      }
      case "array": {
        const element = this.field("element", depth + 1, false, r.pick(["string", "number", "integer", "boolean", "union", depth < 1 ? "record" : "string"]));
        type = { kind: "array", element: r.bool(0.1) ? { kind: "array", element: element.type } : element.type };
        break;
      }
      default:
        type = { kind: "record", fields: this.fields(r.int(1, 3), depth + 1, allowPii) };
    }
    return { name, optional: r.bool(0.2), type, constraints, pii, comment: this.comment(0.08) };
  }

  /** A literal of the type that satisfies the constraints, as source text. */
  literal(type: TypeModel, constraints: Constraints = {}): string {
    const r = this.r;
    switch (type.kind) {
      case "primitive":
        switch (type.name) {
          case "boolean":
            return r.bool() ? "true" : "false";
          case "integer": {
            const min = constraints.min ?? 0;
            const max = constraints.max ?? min + 1000;
            return String(r.int(Math.ceil(min), Math.floor(max)));
          }
          case "number": {
            const min = constraints.min ?? 0;
            const max = constraints.max ?? min + 1000;
            const whole = r.int(Math.ceil(min), Math.max(Math.ceil(min), Math.floor(max) - 1));
            return r.bool(0.5) ? `${whole}.${r.int(1, 9)}` : String(whole);
          }
          default:
            return `"${this.stringValue(constraints)}"`;
        }
      case "union":
        return `"${r.pick(type.values)}"`;
      case "array":
        return `[${Array.from({ length: r.int(0, 2) }, () => this.literal(type.element)).join(", ")}]`;
      case "record":
        return this.recordLiteral(type.fields);
    }
  }

  recordLiteral(fields: readonly FieldModel[]): string {
    const parts = fields.filter((f) => !f.optional || this.r.bool(0.4)).map((f) => `${f.name}: ${this.literal(f.type, f.constraints)}`);
    return parts.length === 0 ? "{}" : `{ ${parts.join(", ")} }`;
  }

  stringValue(constraints: Constraints): string {
    const r = this.r;
    const min = constraints.minLength ?? 1;
    const max = Math.max(min, constraints.maxLength ?? 24);
    if (constraints.pattern !== undefined) {
      const pattern = PATTERNS.find((p) => p.source === constraints.pattern) ?? PATTERNS[0]!;
      return pattern.sample(r, r.int(Math.max(min, 2), Math.max(Math.max(min, 2), Math.min(max, 8))));
    }
    if (constraints.minLength !== undefined || constraints.maxLength !== undefined) {
      return PATTERNS[0]!.sample(r, r.int(min, Math.min(max, min + 8)));
    }
    const words = Array.from({ length: r.int(1, 4) }, () => r.pick(WORDS)).join(" ");
    return r.bool(0.1) ? `${words} \\"quoted\\"` : words;
  }

  // ── scopes ────────────────────────────────────────────────────────────────

  refs(root: string, fields: readonly FieldModel[], out: Ref[] = []): Ref[] {
    for (const f of fields) {
      if (f.optional || f.pii) continue;
      const path = `${root}.${f.name}`;
      out.push({ path, type: f.type, constraints: f.constraints });
      if (f.type.kind === "record") this.refs(path, f.type.fields, out);
    }
    return out;
  }

  /** A reference of exactly this primitive kind to an unconstrained target, or undefined. */
  refFor(type: TypeModel, constraints: Constraints, scope: readonly Ref[]): string | undefined {
    if (type.kind !== "primitive" || Object.keys(constraints).length > 0) return undefined;
    const matches = scope.filter((ref) => ref.type.kind === "primitive" && ref.type.name === type.name);
    return matches.length === 0 ? undefined : this.r.pick(matches).path;
  }

  value(type: TypeModel, constraints: Constraints, scope: readonly Ref[]): string {
    if (this.r.bool(0.4)) {
      const ref = this.refFor(type, constraints, scope);
      if (ref !== undefined) return ref;
    }
    return this.literal(type, constraints);
  }

  template(scope: readonly Ref[], placeholders: number): string {
    const r = this.r;
    const printable = scope.filter((ref) => ref.type.kind === "primitive" || ref.type.kind === "union");
    const parts: string[] = Array.from({ length: r.int(1, 4) }, () => r.pick(WORDS));
    for (let i = 0; i < placeholders && printable.length > 0; i++) {
      const path = r.pick(printable).path;
      parts.splice(r.int(0, parts.length), 0, r.bool(0.5) ? `{{${path}}}` : `{{ ${path} }}`);
    }
    let text = parts.join(" ");
    if (r.bool(0.1)) text += r.pick([" \\n", " \\\"ok\\\"", " \\{not a placeholder}", " \\u{1F600}", " 50%"]);
    return text;
  }

  condition(scope: readonly Ref[], own: readonly Ref[]): string {
    const r = this.r;
    const guardable = (refs: readonly Ref[]): Ref[] => refs.filter((ref) => ref.type.kind === "primitive" || ref.type.kind === "union");
    const mine = guardable(own);
    const all = guardable(scope);
    const atom = (): string => {
      const ref = mine.length > 0 && r.bool(0.7) ? r.pick(mine) : r.pick(all);
      const type = ref.type;
      if (type.kind === "union") return `${ref.path} ${r.pick(["==", "!="])} "${r.pick(type.values)}"`;
      if (type.kind !== "primitive") return "true";
      switch (type.name) {
        case "boolean":
          return r.bool(0.7) ? ref.path : `not ${ref.path}`;
        case "string":
          return `${ref.path} ${r.pick(["==", "!="])} "${r.pick(WORDS)}"`;
        default: {
          const literal = type.name === "integer" ? String(r.int(0, 100)) : r.pick(["0.7", "3", "100", "12.5", "-1"]);
          return `${ref.path} ${r.pick([">", ">=", "<", "<=", "==", "!="])} ${literal}`;
        }
      }
    };
    const shape = r.weighted<string>([["atom", 60], ["and", 15], ["or", 10], ["paren", 10], ["not", 5]]);
    switch (shape) {
      case "and":
        return `${atom()} and ${atom()}`;
      case "or":
        return `${atom()} or ${atom()}`;
      case "paren":
        return `(${atom()} or ${atom()}) and ${atom()}`;
      case "not":
        return `not (${atom()})`;
      default:
        return atom();
    }
  }

  // ── the agent ─────────────────────────────────────────────────────────────

  build(): AgentModel {
    const r = this.r;
    const n = this.stateCount;

    const escalations = Array.from({ length: r.int(1, 3) }, () => ({
      name: this.names.fresh(ESCALATION_NAMES),
      description: r.bool(0.8) ? `${r.pick(["Finance leads", "The on-call engineer", "Support tier 2", "Legal"])} (#${r.pick(["ops", "fin", "sup"])})` : undefined,
    }));

    // Input: random fields plus one required plain string and one required number to reference.
    const input = this.fields(r.int(0, 4), 0, true);
    input.push({ ...this.field(this.uniqueField(input, "message"), 0, false, "string"), optional: false, constraints: {}, pii: false });
    input.push({ ...this.field(this.uniqueField(input, "amount"), 0, false, "number"), optional: false, constraints: {} });
    const shuffledInput = r.shuffle(input);
    const inputRefs = this.refs("input", shuffledInput);

    // Output: `reply: string` plus optional and required extras of simple types.
    const output: FieldModel[] = [{ name: "reply", optional: false, type: { kind: "primitive", name: "string" }, constraints: {}, pii: false }];
    const outputNames = new Set(["reply"]);
    for (let i = r.int(0, 3); i > 0; i--) {
      const name = this.uniqueField(output, r.pick(FIELD_NAMES));
      outputNames.add(name);
      const f = this.field(name, 2, false, r.pick(["string", "number", "integer", "boolean", "union"]));
      output.push({ ...f, optional: r.bool(0.6), constraints: {} });
    }

    // Actions: non-final states first decided, then ordered with a non-final start.
    const tools: ToolModel[] = [];
    const prompts: PromptModel[] = [];
    const plans: ActionPlan[] = [];
    const nonFinal = n === 1 ? 0 : r.int(Math.ceil(n / 2), n - 1);
    for (let i = 0; i < nonFinal; i++) {
      const kind = r.weighted<string>([["call", 40], ["ask", 25], ["loop", 15], ["await", 20]]);
      if (kind === "call") {
        const tool = this.tool("call");
        tools.push(tool);
        plans.push({ kind: "call", tool, result: r.bool(0.85) ? this.names.fresh(RESULT_NAMES) : undefined });
      } else if (kind === "loop") {
        const loopTools = Array.from({ length: r.int(1, 3) }, () => this.tool("loop"));
        tools.push(...loopTools);
        plans.push({ kind: "loop", tools: loopTools, prompt: this.names.fresh(PROMPT_NAMES), result: this.names.fresh(RESULT_NAMES), type: this.resultType() });
      } else if (kind === "ask") {
        plans.push({ kind: "ask", prompt: this.names.fresh(PROMPT_NAMES), result: this.names.fresh(RESULT_NAMES), type: this.resultType() });
      } else {
        const type: TypeModel = {
          kind: "record",
          fields: [
            { name: "approved", optional: false, type: { kind: "primitive", name: "boolean" }, constraints: {}, pii: false },
            ...(r.bool(0.5) ? [{ name: "note", optional: true, type: { kind: "primitive", name: "string" } as TypeModel, constraints: {}, pii: false }] : []),
          ],
        };
        plans.push({ kind: "await", target: r.pick(escalations).name, result: this.names.fresh(RESULT_NAMES), type });
      }
    }
    const finals: ActionPlan[] = Array.from({ length: n - nonFinal }, () => (r.bool(0.65) ? { kind: "reply" } : { kind: "escalate" }));
    const order: ActionPlan[] = n === 1 ? finals : [plans[0]!, ...r.shuffle([...plans.slice(1), ...finals])];
    const isFinal = (i: number): boolean => order[i]!.kind === "reply" || order[i]!.kind === "escalate";
    const stateNames = order.map(() => this.names.fresh(STATE_NAMES, 0.03));

    // Required edges (reachability), then transition slots per non-final state.
    const required: number[][] = order.map(() => []);
    const nonFinalSoFar: number[] = [];
    for (let i = 0; i < n; i++) {
      if (i > 0) required[r.pick(nonFinalSoFar)]!.push(i);
      if (!isFinal(i)) nonFinalSoFar.push(i);
    }
    const slots: Slot[][] = order.map((plan, j) => (isFinal(j) ? [] : this.slots(plan, j, n, required[j]!, isFinal)));
    const bounded = new Set<number>();
    for (const list of slots) for (const s of list) if (typeof s.target === "number" && s.backEdge) bounded.add(s.target);

    // Must-analysis: which results are definitely set when each state runs.
    const results: (string | undefined)[] = order.map((p) => ("result" in p ? p.result : undefined));
    const resultIndex = new Map<string, number>();
    results.forEach((name) => name !== undefined && resultIndex.set(name, resultIndex.size));
    const assigned: Bits[] = order.map((_, i) => new Bits(resultIndex.size, i !== 0));
    for (let changed = true; changed; ) {
      changed = false;
      for (let j = 0; j < n; j++) {
        const own = results[j] === undefined ? undefined : resultIndex.get(results[j]!);
        const onSuccess = assigned[j]!.with(own);
        for (const s of slots[j]!) {
          if (typeof s.target !== "number") continue;
          if (assigned[s.target]!.intersect(s.success ? onSuccess : assigned[j]!)) changed = true;
        }
      }
    }
    const resultRefs = new Map<string, Ref[]>();
    order.forEach((plan) => {
      if (plan.kind === "call" && plan.result !== undefined) resultRefs.set(plan.result, this.refs(plan.result, plan.tool.output));
      else if ("result" in plan && plan.result !== undefined && "type" in plan && plan.type.kind === "record") resultRefs.set(plan.result, this.refs(plan.result, plan.type.fields));
    });
    const scopeAt = (j: number): Ref[] => {
      const scope = [...inputRefs];
      for (const [name, index] of resultIndex) if (assigned[j]!.has(index)) scope.push(...resultRefs.get(name)!);
      return scope;
    };

    // States with their actions and transitions.
    const states: StateModel[] = order.map((plan, j) => {
      const scope = scopeAt(j);
      const own = results[j] === undefined ? [] : resultRefs.get(results[j]!) ?? [];
      const successScope = [...scope, ...own];
      const action = this.action(plan, scope, output, escalations, prompts);
      const usedConditions = new Set<string>();
      const transitions: TransitionModel[] = slots[j]!.map((s) => {
        let trigger = s.trigger;
        if (trigger.kind === "when" && trigger.condition === "") {
          let condition = this.condition(successScope, own);
          for (let k = 0; usedConditions.has(condition); k++) condition = k < 5 ? this.condition(successScope, own) : `${condition} or ${condition}`;
          usedConditions.add(condition);
          if (this.comments && r.bool(0.05)) condition = `/* ${r.pick(WORDS)} */ ${condition}`;
          trigger = { kind: "when", condition };
        }
        const targetScope = s.success ? successScope : scope;
        let target: TargetModel;
        if (typeof s.target === "number") target = { kind: "goto", state: stateNames[s.target]! };
        else if (s.target === "reply") target = { kind: "reply", ...this.reply(targetScope, output) };
        else target = { kind: "escalate", ...this.escalate(targetScope, escalations) };
        return { trigger, target, unreachable: s.unreachable, comment: this.comment(0.1) };
      });
      // A tool loop bounds the cycles it leaves by spending a turn, but not one that goes round
      // through `on exhausted` (see AGC3010): only then may its own turn limit stand in.
      const exhaustedLeadsOn = (slots[j] ?? []).some((s) => s.trigger.kind === "on" && s.trigger.name === "exhausted" && typeof s.target === "number");
      const loopBounds = plan.kind === "loop" && !exhaustedLeadsOn;
      const visits = bounded.has(j) && !(loopBounds && r.bool(0.5)) ? r.int(1, 5) : r.bool(0.03) ? r.int(2, 9) : undefined;
      return {
        name: stateNames[j]!,
        description: `${r.pick(["Look up", "Decide", "Ask about", "Check", "Route", "Wait for"])} ${r.pick(WORDS)}.`,
        visits,
        action,
        transitions,
        comment: this.comment(0.15),
        actionComment: this.comment(0.08),
      };
    });

    const budget = r.sample([`tokens ${r.int(1000, 50000)}`, `cost ${r.pick(["0.40", "1", "2.5", "0.05"])} usd`, `steps ${n * 12 + 20}`, `time ${r.pick(["60s", "5m", "1h", "1.5m"])}`], r.int(1, 4));
    const alerts = r.sample(["stepsPerCompletion > 6", "escalationRate > 10%", "toolFailureRate > 5%", "p95Latency > 30s", "tokensPerDay > 1000000", "costPerDay > 25 usd"], r.int(0, 3));
    const examples = Array.from({ length: r.int(0, 2) }, (_, i) => ({ name: `${r.pick(["broken item", "late order", "typical", "edge case"])} ${i + 1}`, value: this.recordLiteral(shuffledInput) }));

    const tests = Array.from({ length: r.int(0, 2) }, (_, i) => ({
      name: `${r.pick(["pays at once", "escalates", "typical run"])} ${i + 1}`,
      input: this.recordLiteral(shuffledInput),
      expect: r.pick([undefined, "expect reply", `expect escalate ${r.pick(escalations).name}`, `expect escalate ${r.pick(escalations).name} "why"`]),
    }));

    const memberComments = new Map<string, CommentModel>();
    for (const key of ["version", "input", "output", "model", "budget", "escalation", "alert", "example", "start"]) {
      const c = this.comment(0.15);
      if (c !== undefined) memberComments.set(key, c);
    }

    return {
      name: this.names.fresh(["RefundAgent", "TriageAgent", "IncidentAgent", "ResearchAgent", "SupportAgent"]),
      description: `${r.pick(["Refunds delivered orders.", "Triages support tickets.", "Investigates alerts.", "Drafts documents."])}`,
      version: r.int(1, 9),
      input: shuffledInput,
      output,
      model: {
        primary: r.pick(["openai:gpt-4.1-mini", "anthropic:claude-haiku-4-5", "openai:gpt-4o"]),
        fallback: r.bool(0.5) ? r.pick(["anthropic:claude-haiku-4-5", "openai:gpt-4.1-mini"]) : undefined,
        maxTokens: r.pick([256, 512, 800, 1024]),
        temperature: r.bool(0.5) ? r.pick(["0", "0.2", "0.7", "1"]) : undefined,
      },
      budget,
      escalations,
      alerts,
      tools,
      prompts,
      examples,
      tests,
      start: stateNames[0]!,
      states,
      memberComments,
      closingComment: this.comments && r.bool(0.1) ? this.commentText() : undefined,
    };
  }

  uniqueField(fields: readonly FieldModel[], base: string): string {
    let name = base;
    for (let i = 2; fields.some((f) => f.name === name); i++) name = `${base}${i}`;
    return name;
  }

  resultType(): TypeModel {
    const fields = this.fields(this.r.int(0, 3), 1, false);
    const anchor = this.field(this.uniqueField(fields, this.r.pick(["score", "ok", "confidence", "label"])), 2, false, this.r.pick(["number", "boolean", "integer", "union", "string"]));
    fields.push({ ...anchor, optional: false });
    return { kind: "record", fields: this.r.shuffle(fields) };
  }

  tool(role: "call" | "loop"): ToolModel {
    const r = this.r;
    const name = this.names.fresh(TOOL_NAMES, 0.03);
    const effect = role === "loop" ? r.pick(["none", "read"] as const) : r.pick(["none", "read", "write", "payment"] as const);
    const input = this.fields(r.int(0, 3), 1, true);
    const key: string[] = [];
    if (effect === "write" || effect === "payment") {
      const candidates = input.filter((f) => !f.optional && f.type.kind === "primitive" && (f.type.name === "string" || f.type.name === "integer"));
      if (candidates.length === 0 || r.bool(0.3)) {
        const requestId = this.uniqueField(input, "requestId");
        input.push({ name: requestId, optional: false, type: { kind: "primitive", name: "string" }, constraints: {}, pii: false });
        candidates.push(input[input.length - 1]!);
      }
      key.push(...r.sample(candidates, r.int(1, Math.min(2, candidates.length))).map((f) => f.name));
    }
    const output = this.fields(r.int(0, 3), 1, false);
    const anchor = this.field(this.uniqueField(output, r.pick(["total", "ok", "count", "status"])), 2, false, r.pick(["number", "boolean", "integer", "union", "string"]));
    output.push({ ...anchor, optional: false });
    const errors = role === "loop" ? [] : r.sample(ERROR_NAMES, r.weighted([[0, 40], [1, 35], [2, 20], [3, 5]])).map((e) => ({ name: e, retryable: r.bool(0.3) }));
    const clauses: ToolClauseModel[] = [];
    const clause = (text: string): void => void clauses.push({ text, comment: this.comment(0.08) });
    if (errors.length > 0) clause(`errors ${errors.map((e) => `${e.name}${e.retryable ? " retryable" : ""}`).join(", ")}`);
    clause(`effects ${effect}${key.length > 0 ? ` idempotent by ${key.join(", ")}` : ""}`);
    clause(`timeout ${r.pick(["3s", "500ms", "10s", "1m"])}`);
    if (r.bool(0.5)) clause(r.pick(["retry 3 exponential 200ms", "retry 2 fixed 1s", "retry none"]));
    if (r.bool(0.3)) clause("breaker 5 failures in 60s cooldown 30s");
    if (r.bool(0.3)) clause(`rate ${r.int(1, 50)} per ${r.pick(["1s", "1m"])}`);
    if (r.bool(0.3)) clause(`calls ${r.int(1, 10)}`);
    if (r.bool(0.4)) clause(`cost ${r.pick(["0.0002", "0.01", "1.5"])} usd`);
    return {
      name,
      description: `${r.pick(["Look up", "Create", "Search", "Fetch", "Update"])} ${r.pick(WORDS)}.`,
      role,
      input: r.shuffle(input),
      output: r.shuffle(output),
      errors,
      effect,
      idempotencyKey: key,
      clauses: r.shuffle(clauses),
      comment: this.comment(0.1),
    };
  }

  /** Transition slots of a non-final state; targets are decided here, conditions later. */
  slots(plan: ActionPlan, j: number, n: number, required: readonly number[], isFinal: (i: number) => boolean): Slot[] {
    const r = this.r;
    const failure: Slot[] = [];
    if (plan.kind === "call") {
      let unhandled = false;
      for (const e of plan.tool.errors) {
        if (r.bool(0.7)) failure.push({ trigger: { kind: "on", name: e.name }, target: "escalate", success: false, ...(r.bool(0.1) ? { unreachable: "the service never reports it here" } : {}) });
        else unhandled = true;
      }
      if (unhandled || r.bool(0.4)) failure.push({ trigger: { kind: "on", name: "error" }, target: "escalate", success: false });
    } else if (plan.kind === "await") {
      failure.push({ trigger: { kind: "on", name: "timeout" }, target: "escalate", success: false });
    } else if (plan.kind === "loop" && r.bool(0.5)) {
      failure.push({ trigger: { kind: "on", name: "exhausted" }, target: "escalate", success: false });
    }
    const success: Slot[] = [];
    const always = r.bool(0.35) && required.length <= failure.length + 1;
    if (always) success.push({ trigger: { kind: "always" }, target: "reply", success: true });
    else {
      const whens = Math.max(r.int(1, 3), required.length - failure.length - 1);
      for (let w = 0; w < whens; w++) success.push({ trigger: { kind: "when", condition: "" }, target: "reply", success: true });
      if (r.bool(0.15)) success.push({ trigger: { kind: "when", condition: "true" }, target: "reply", success: true });
      else success.push({ trigger: { kind: "else" }, target: "reply", success: true });
    }
    const all: Slot[] = [...failure, ...success];
    const free = r.shuffle(all.map((_, i) => i));
    for (const target of required) all[free.shift()!]!.target = target;
    const requiredSlots = new Set(all.map((s, i) => (typeof s.target === "number" ? i : -1)));
    for (let i = 0; i < all.length; i++) {
      if (requiredSlots.has(i)) continue;
      const roll = r.next();
      if (roll < 0.3 && j + 1 < n) all[i]!.target = r.int(j + 1, n - 1);
      else if (roll < 0.42 && this.cycles) {
        const back = r.int(0, j);
        all[i]!.target = back;
        if (!isFinal(back)) all[i]!.backEdge = true;
      } else all[i]!.target = r.bool(0.6) ? "reply" : "escalate";
    }
    if (all.every((s) => s.backEdge === true)) {
      const last = all[all.length - 1]!;
      last.target = "reply";
      last.backEdge = false;
    }
    return all;
  }

  action(plan: ActionPlan, scope: readonly Ref[], output: readonly FieldModel[], escalations: readonly { name: string }[], prompts: PromptModel[]): ActionModel {
    const r = this.r;
    const maxTokens = (): number | undefined => (r.bool(0.3) ? r.pick([200, 300, 600]) : undefined);
    switch (plan.kind) {
      case "ask":
        prompts.push(this.prompt(plan.prompt, scope));
        return { kind: "ask", prompt: plan.prompt, result: plan.result, type: plan.type, maxTokens: maxTokens() };
      case "loop":
        prompts.push(this.prompt(plan.prompt, scope));
        return { kind: "loop", tools: plan.tools.map((t) => t.name), prompt: plan.prompt, result: plan.result, type: plan.type, turns: r.int(1, 8), maxTokens: maxTokens() };
      case "call": {
        const args = plan.tool.input.filter((f) => !f.optional || r.bool(0.5)).map((f) => [f.name, this.value(f.type, f.constraints, scope)] as const);
        return { kind: "call", tool: plan.tool.name, args, result: plan.result };
      }
      case "await":
        return { kind: "await", target: plan.target, result: plan.result, type: plan.type, timeout: r.pick(["24h", "30m", "2d"]) };
      case "reply":
        return { kind: "reply", ...this.reply(scope, output) };
      case "escalate":
        return { kind: "escalate", ...this.escalate(scope, escalations) };
    }
  }

  prompt(name: string, scope: readonly Ref[]): PromptModel {
    const r = this.r;
    const block = r.bool(0.8);
    const lines: string[] = block ? Array.from({ length: r.int(1, 4) }, () => (r.bool(0.15) ? "" : this.template(scope, r.int(0, 2)))) : [this.template(scope, r.int(0, 2))];
    if (!lines.some((l) => l !== "")) lines[0] = this.template(scope, 1);
    if (block) while (lines[lines.length - 1] === "") lines.pop();
    return { name, version: r.int(1, 12), block, lines: block ? lines.map((l) => l.replace(/\\./g, "").trimEnd()) : lines, comment: this.comment(0.12) };
  }

  reply(scope: readonly Ref[], output: readonly FieldModel[]): ReplyModel {
    const r = this.r;
    const extras = output.filter((f) => f.name !== "reply" && (!f.optional || r.bool(0.4))).map((f) => [f.name, this.value(f.type, f.constraints, scope)] as const);
    if (r.bool(0.2)) return { form: "record", text: "", fields: [["reply", `"${this.stringValue({})}"`], ...extras] };
    return { form: "text", text: this.template(scope, r.int(0, 2)), fields: extras };
  }

  escalate(scope: readonly Ref[], escalations: readonly { name: string }[]): EscalateModel {
    return { target: this.r.pick(escalations).name, reason: this.r.bool(0.8) ? this.template(scope, this.r.int(0, 1)) : undefined };
  }
}
