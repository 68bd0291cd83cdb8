/** A trigger fits its state: `on Name` and `on timeout` need a call (or a human wait, for timeout), `on exhausted` a tool loop, `on error` a call, ask or loop; guards are either `when`s with `else` or one unconditional `->`. */
import type * as A from "../../language/ast.ts";
import { allStates, soleAction, type CheckContext, type CheckRule } from "./context.ts";

export const triggerApplicability: CheckRule = {
  name: "trigger-applicability",
  needsCompleteTree: false,
  run(context) {
    for (const state of allStates(context)) {
      const action = soleAction(state);
      if (action?.kind === "ReplyAction" || action?.kind === "EscalateAction") continue; // final-state-transitions speaks
      if (action !== undefined) for (const transition of state.transitions) checkTrigger(context, transition.trigger, action);
      checkGuardShape(context, state.transitions);
    }
  },
};

const ACTION_NAMES: Record<A.Action["kind"], string> = {
  AskAction: "an ask",
  CallAction: "a call",
  LoopAction: "a tool loop",
  AwaitAction: "a human wait",
  ReplyAction: "a reply",
  EscalateAction: "an escalation",
};

function checkTrigger(context: CheckContext, trigger: A.Trigger, action: A.Action): void {
  const kind = action.kind;
  const bad = (message: string): void => context.report("AGC3020", [`${message}; this state has ${ACTION_NAMES[kind]}`], trigger.span);
  switch (trigger.kind) {
    case "OnErrorTrigger":
      if (kind !== "CallAction" && trigger.error.name !== "") bad(`\`on ${trigger.error.name}\` handles a tool error, so it applies only to a state that calls a tool`);
      break;
    case "OnAnyErrorTrigger":
      if (kind !== "CallAction" && kind !== "AskAction" && kind !== "LoopAction") bad("`on error` applies to a call, an ask or a tool loop");
      break;
    case "OnTimeoutTrigger":
      if (kind !== "CallAction" && kind !== "AwaitAction") bad("`on timeout` applies to a call or a human wait");
      break;
    case "OnExhaustedTrigger":
      if (kind !== "LoopAction") bad("`on exhausted` applies only to a `use tools` loop");
      break;
  }
}

function checkGuardShape(context: CheckContext, transitions: readonly A.Transition[]): void {
  let firstGuard: A.Transition | undefined;
  let firstAlways: A.Transition | undefined;
  for (const transition of transitions) {
    const kind = transition.trigger.kind;
    if (kind === "WhenTrigger" || kind === "ElseTrigger") {
      if (kind === "ElseTrigger" && firstGuard === undefined && firstAlways === undefined)
        context.report("AGC3020", ["`else` needs a `when` before it"], transition.trigger.span);
      firstGuard ??= transition;
      if (firstAlways !== undefined) mixed(context, transition, firstAlways);
    } else if (kind === "AlwaysTrigger") {
      if (firstAlways !== undefined)
        context.report("AGC3020", ["a state has at most one unconditional `->`"], transition.trigger.span, { related: [context.related(firstAlways.span, "the first is here")] });
      else if (firstGuard !== undefined) mixed(context, transition, firstGuard);
      firstAlways ??= transition;
    }
  }
}

function mixed(context: CheckContext, at: A.Transition, other: A.Transition): void {
  context.report("AGC3020", ["a state has either `when` guards or one unconditional `->`, not both"], at.trigger.span, {
    related: [context.related(other.span, "the other kind is here")],
  });
}
