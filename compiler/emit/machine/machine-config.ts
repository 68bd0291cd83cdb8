/**
 * The `machine` export: `setup({ types, actors, guards, actions }).createMachine(config)`.
 *
 * One state node per agent state, keyed by its generated id (`s0`…), plus the final states
 * `replied` and `escalated`. A step state counts its visit on entry, takes its visit-limit
 * edge (an eventless `always`) when entered too often, else invokes its slot; the slot's
 * `StepOutcome` is routed by the state's transitions in `onDone` (failures first, most
 * specific first; then `when`s in order, `else`, the unconditional edge). A rejected slot
 * (`onError`) and `FORCE_ESCALATE` escalate.
 */
import type { AgentIR, ExprIR, StateIR, TargetIR, TemplateIR, TransitionIR } from "../../ir/ir.ts";
import { arr, arrow, call, keyText, memberText, obj, print, raw, stringText, value, type Code } from "./code.ts";
import { compileCondition, compileExpr, readsContext, readsResult, GUARD_VALUE, type ExprScope } from "./expressions.ts";

export const REPLIED = "replied";
export const ESCALATED = "escalated";
export const INTERNAL_ERROR = "INTERNAL_ERROR";
/** The module function that makes `{ outcome }` params from a slot's done event. */
export const OUTCOME_OF = "outcomeOf";

/** The names a step outcome is routed by, besides the per-decision `when` guards. */
const OUTCOME_GUARDS = {
  succeeded: "(_, { outcome }: { outcome: StepOutcome }) => outcome.ok",
  failed: "(_, { outcome }: { outcome: StepOutcome }) => !outcome.ok",
  failedWith: `(_, { outcome, error }: { outcome: StepOutcome; error: string }) =>
    !outcome.ok && outcome.failure.kind === "error" && outcome.failure.name === error`,
  timedOut: `(_, { outcome }: { outcome: StepOutcome }) => !outcome.ok && outcome.failure.kind === "timeout"`,
  exhausted: `(_, { outcome, turnsUsed, maxTurns }: { outcome: StepOutcome; turnsUsed: number; maxTurns: number }) =>
    turnsUsed >= maxTurns || (!outcome.ok && outcome.failure.kind === "exhausted")`,
  visitLimitReached: "(_, { visits, limit }: { visits: number; limit: number }) => visits > limit",
} as const;
type OutcomeGuard = keyof typeof OUTCOME_GUARDS;

export function machineCode(ir: AgentIR): string {
  const scope: ExprScope = { input: ir.input, results: new Map(ir.results.map((r) => [r.name, r.type])) };
  const ids = new Map(ir.states.map((s) => [s.name, s.id]));
  const usedGuards = new Set<OutcomeGuard>();
  const whenGuards: (readonly [string, Code])[] = [];
  const recorded = new Set<string>();

  const guard = (type: OutcomeGuard, params: Code): Code => {
    usedGuards.add(type);
    return obj([["type", value(type)], ["params", params]]);
  };
  const outcomeParams = (extra: readonly (readonly [string, Code])[] = []): Code =>
    extra.length === 0 ? raw(OUTCOME_OF) : arrow("{ event }", obj([["outcome", raw("event.output")], ...extra]));

  const finish = (target: TargetIR): Code | undefined => {
    if (target.kind === "state") return undefined;
    const outcome =
      target.kind === "reply"
        ? obj([["kind", value("reply")], ["output", obj(target.reply.fields.map((f) => [f.name, f.value.kind === "template" ? template(f.value.template) : raw(compileExpr(f.value.expr, scope).code)] as const))]])
        : obj([["kind", value("escalation")], ["target", value(target.escalate.target)], ["reason", template(target.escalate.reason)]]);
    const dynamic = print(outcome).includes("context");
    return obj([["type", value("finish")], ["params", dynamic ? arrow("{ context }", obj([["outcome", outcome]])) : obj([["outcome", outcome]])]]);
  };
  const targetKey = (target: TargetIR): string =>
    target.kind === "state" ? (ids.get(target.state) ?? ESCALATED) : target.kind === "reply" ? REPLIED : ESCALATED;

  const states: (readonly [string, Code])[] = ir.states.map((state) => [state.id, stateCode(state)] as const);
  states.push([REPLIED, obj([["type", value("final")]])], [ESCALATED, obj([["type", value("final")]])]);

  const config = obj([
    ["id", value(ir.name)],
    ["initial", value(ids.get(ir.start) ?? ir.states[0]?.id ?? REPLIED)],
    [
      "context",
      arrow(
        "{ input }",
        obj([
          ["input", raw("input")],
          ["results", raw("{}")],
          ["visits", obj(ir.states.map((s) => [s.id, raw("0")] as const))],
          ["turns", obj(ir.states.filter((s) => s.action.kind === "loop").map((s) => [s.id, raw("0")] as const))],
          ["outcome", raw("undefined")],
        ]),
      ),
    ],
    ["output", raw(`({ context }) => context.outcome ?? ${INTERNAL_ERROR}`)],
    [
      "on",
      obj([
        [
          "[FORCE_ESCALATE]",
          obj([
            ["target", value(`.${ESCALATED}`)],
            [
              "actions",
              obj([
                ["type", value("finish")],
                ["params", arrow("{ event }", obj([["outcome", raw(`{ kind: "escalation", target: event.target, reason: event.reason }`)]]))],
              ]),
            ],
          ]),
        ],
      ]),
    ],
    ["states", obj(states)],
  ]);

  const setupArg = obj([
    [
      "types",
      obj([
        ["context", raw("{} as Context")],
        ["input", raw("{} as Input")],
        ["output", raw("{} as Outcome<Output>")],
        ["events", raw("{} as ForceEscalateEvent")],
      ]),
    ],
    [
      "actors",
      obj([
        ["ask", raw(`fromPromise(({ input }: { input: AskRequest }): Promise<StepOutcome> => notProvided("ask", input.state))`)],
        ["tool", raw(`fromPromise(({ input }: { input: ToolRequest }): Promise<StepOutcome> => notProvided("tool", input.state))`)],
        ["loop", raw(`fromPromise(({ input }: { input: LoopRequest }): Promise<StepOutcome> => notProvided("loop", input.state))`)],
        ["human", raw(`fromPromise(({ input }: { input: HumanRequest }): Promise<StepOutcome> => notProvided("human", input.state))`)],
      ]),
    ],
    ["guards", obj([...(Object.keys(OUTCOME_GUARDS) as OutcomeGuard[]).filter((g) => usedGuards.has(g)).map((g) => [g, raw(OUTCOME_GUARDS[g])] as const), ...whenGuards])],
    ["actions", obj(actions())],
  ]);

  return `setup(${print(setupArg)}).createMachine(${print(config)})`;

  function stateCode(state: StateIR): Code {
    const action = state.action;
    const visitLimit = state.transitions.find((t) => t.trigger.kind === "visitLimit");
    const limitEdge =
      visitLimit === undefined || state.visitLimit === undefined
        ? undefined
        : transition(
            state,
            visitLimit,
            guard("visitLimitReached", arrow("{ context }", obj([["visits", raw(memberText("context.visits", state.id))], ["limit", value(state.visitLimit)]]))),
            [],
          );
    const entry = obj([["type", value("countVisit")], ["params", obj([["state", value(state.id)]])]]);
    const base: (readonly [string, Code | undefined])[] = [
      ["description", state.description === "" ? undefined : value(state.description)],
      ["entry", entry],
    ];
    if (action.kind === "reply" || action.kind === "escalate") {
      const done = obj([
        ["target", value(action.kind === "reply" ? REPLIED : ESCALATED)],
        ["actions", finish(action.kind === "reply" ? { kind: "reply", reply: action } : { kind: "escalate", escalate: action })],
      ]);
      return obj([...base, ["always", limitEdge === undefined ? done : arr([limitEdge, done])]]);
    }
    const result = action.kind === "call" ? action.result : action.result;
    const steps: Code[] = [];
    let recordStep: Code | undefined;
    if (result !== undefined) {
      recorded.add(result);
      recordStep = obj([["type", value(`record_${result}`)], ["params", outcomeParams()]]);
      steps.push(recordStep);
    }
    if (action.kind === "loop") steps.push(obj([["type", value("countTurns")], ["params", outcomeParams([["state", value(state.id)]])]]));

    const routed = state.transitions.filter((t) => t.trigger.kind !== "visitLimit");
    const rank = (t: TransitionIR): number => (t.trigger.kind === "exhausted" ? 0 : t.trigger.kind === "anyError" ? 2 : 1);
    const ordered = [...routed].sort((a, b) => rank(a) - rank(b));
    // the result is recorded on success only; a loop counts its turns either way
    const isOk = (t: TransitionIR): boolean => t.trigger.kind === "when" || t.trigger.kind === "else" || t.trigger.kind === "done";
    const onFailure = steps.filter((s) => s !== recordStep);
    const onDone = ordered.map((t) => transition(state, t, triggerGuard(state, t), isOk(t) ? steps : onFailure));
    if (!okExhaustive(routed)) onDone.push(obj([["target", value(ESCALATED)], ["actions", arr([...steps, internalError()])]]));

    return obj([
      ...base,
      ["always", limitEdge],
      [
        "invoke",
        obj([
          ["id", value(state.id)],
          ["src", value(slotOf(action.kind))],
          ["input", request(state)],
          ["onDone", onDone.length === 1 ? onDone[0] : arr(onDone)],
          ["onError", obj([["target", value(ESCALATED)], ["actions", internalError()]])],
        ]),
      ],
    ]);
  }

  function transition(state: StateIR, t: TransitionIR, guardCode: Code | undefined, steps: readonly Code[]): Code {
    const done = finish(t.target);
    const all = done === undefined ? steps : [...steps, done];
    const target = targetKey(t.target);
    return obj([
      ["guard", guardCode],
      ["target", value(target)],
      // going back to the same state is a new visit: exit and enter again (count it, invoke anew)
      ["reenter", target === state.id ? raw("true") : undefined],
      ["actions", all.length === 0 ? undefined : all.length === 1 ? all[0] : arr(all)],
      ["meta", t.unreachable === undefined ? undefined : obj([["unreachable", value(t.unreachable)]])],
    ]);
  }

  function triggerGuard(state: StateIR, t: TransitionIR): Code {
    const trigger = t.trigger;
    switch (trigger.kind) {
      case "when":
        whenGuards.push([trigger.guard.name, raw(whenGuard(state, trigger.guard.expr))]);
        return obj([["type", value(trigger.guard.name)], ["params", outcomeParams()]]);
      case "else":
      case "done":
        return guard("succeeded", outcomeParams());
      case "error":
        return guard("failedWith", outcomeParams([["error", value(trigger.error)]]));
      case "timeout":
        // a human wait fails only by timing out: any failure of the human slot takes this edge
        return state.action.kind === "await" ? guard("failed", outcomeParams()) : guard("timedOut", outcomeParams());
      case "exhausted":
        return guard(
          "exhausted",
          arrow(
            "{ context, event }",
            obj([
              ["outcome", raw("event.output")],
              ["turnsUsed", raw(memberText("context.turns", state.id))],
              ["maxTurns", value(state.action.kind === "loop" ? state.action.maxTurns : 0)],
            ]),
          ),
        );
      case "anyError":
      case "visitLimit":
        return guard("failed", outcomeParams());
    }
  }

  function whenGuard(state: StateIR, expr: ExprIR): string {
    const action = state.action;
    const result = action.kind === "ask" || action.kind === "loop" || action.kind === "await" || action.kind === "call" ? action.result : undefined;
    const current = result !== undefined && readsResult(expr, result) ? result : undefined;
    const condition = compileCondition(expr, { ...scope, current });
    const first = readsContext(expr, current) ? "{ context }" : "_";
    const head = `(${first}, { outcome }: { outcome: StepOutcome })`;
    if (current === undefined) return `${head} => outcome.ok && ${condition.includes("||") ? `(${condition})` : condition}`;
    return `${head} => {
      if (!outcome.ok) return false;
      const ${GUARD_VALUE} = outcome.value as ${resultType(current)};
      return ${condition};
    }`;
  }

  function request(state: StateIR): Code {
    const a = state.action;
    const common: (readonly [string, Code])[] = [["state", value(state.name)]];
    const scopeArg: readonly [string, Code] = ["scope", raw("scope(context)")];
    switch (a.kind) {
      case "ask":
        return arrow("{ context }", obj([...common, ["prompt", value(a.prompt)], ["result", value(a.result)], ["maxTokens", value(a.maxTokens)], scopeArg]));
      case "call": {
        const args = obj(a.args.map((arg) => [arg.name, raw(compileExpr(arg.value, scope).code)] as const));
        return arrow(print(args).includes("context") ? "{ context }" : "", obj([...common, ["tool", value(a.tool)], ["args", args]]));
      }
      case "loop":
        return arrow(
          "{ context }",
          obj([
            ...common,
            ["prompt", value(a.prompt)],
            ["tools", value(a.tools)],
            ["result", value(a.result)],
            ["turnsLeft", raw(`Math.max(0, ${a.maxTurns} - ${memberText("context.turns", state.id)})`)],
            ["maxTokens", value(a.maxTokens)],
            scopeArg,
          ]),
        );
      case "await":
        return arrow("{ context }", obj([...common, ["target", value(a.target)], ["result", value(a.result)], ["timeoutMs", value(a.timeoutMs)], scopeArg]));
      case "reply":
      case "escalate":
        return raw("undefined");
    }
  }

  function actions(): (readonly [string, Code])[] {
    const out: (readonly [string, Code])[] = [
      ["countVisit", raw(`assign({
        visits: ({ context }, { state }: { state: keyof Context["visits"] }) => ({ ...context.visits, [state]: context.visits[state] + 1 }),
      })`)],
    ];
    if (ir.states.some((s) => s.action.kind === "loop")) {
      out.push([
        "countTurns",
        raw(`assign({
          // a visit uses at least one turn, so a cycle through the loop always ends
          turns: ({ context }, { state, outcome }: { state: keyof Context["turns"]; outcome: StepOutcome }) => ({
            ...context.turns,
            [state]: context.turns[state] + Math.max(1, outcome.turns ?? 1),
          }),
        })`),
      ]);
    }
    for (const r of ir.results) {
      if (!recorded.has(r.name)) continue;
      out.push([
        `record_${r.name}`,
        raw(`assign({
          results: ({ context }, { outcome }: { outcome: StepOutcome }) =>
            outcome.ok ? { ...context.results, ${keyText(r.name)}: outcome.value as ${resultType(r.name)} } : context.results,
        })`),
      ]);
    }
    out.push(["finish", raw(`assign({ outcome: (_, { outcome }: { outcome: Outcome<Output> }) => outcome })`)]);
    return out;
  }

  function internalError(): Code {
    return obj([["type", value("finish")], ["params", obj([["outcome", raw(INTERNAL_ERROR)]])]]);
  }
}

function slotOf(kind: StateIR["action"]["kind"]): string {
  return kind === "ask" ? "ask" : kind === "call" ? "tool" : kind === "loop" ? "loop" : "human";
}

/** Whether a successful outcome always matches one of the state's edges. */
function okExhaustive(transitions: readonly TransitionIR[]): boolean {
  return transitions.some((t) => {
    const tr = t.trigger;
    return tr.kind === "else" || tr.kind === "done" || (tr.kind === "when" && tr.guard.expr.kind === "literal" && tr.guard.expr.value === true);
  });
}

function template(t: TemplateIR): Code {
  if (t.parts.every((p) => p.kind === "text")) return value(t.parts.map((p) => (p.kind === "text" ? p.text : "")).join(""));
  const parts = t.parts.map((p) => value(p.kind === "text" ? p : { kind: "placeholder", path: [p.root, ...p.fields] }));
  return call("renderTemplate", [arr(parts), raw("scope(context)")]);
}

export function resultType(name: string): string {
  return `Results[${stringText(name)}]`;
}

