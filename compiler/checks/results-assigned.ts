/** A step result is used only where it is set on every path from `start`: a state's result reaches its own `when`/`else`/`->` transitions and the states after them, never its `on …` failure transitions. */
import type * as A from "../../language/ast.ts";
import type { Span } from "../../language/span.ts";
import type { StateGraph } from "../resolve/state-graph.ts";
import { resultName } from "../resolve/symbols.ts";
import { collect } from "../resolve/walk.ts";
import { placeholders } from "./template-placeholders.ts";
import { soleAction, type CheckContext, type CheckRule } from "./context.ts";

export const resultsAssigned: CheckRule = {
  name: "results-assigned",
  needsCompleteTree: true,
  run(context) {
    const agent = context.agent;
    if (agent === undefined) return;
    const available = availableResults(agent.graph);
    const results = agent.symbols.results;
    for (const state of agent.graph.states) {
      const before = available.get(state);
      if (before === undefined) continue; // unreachable: the reachable-states rule speaks
      const own = ownResult(state);
      const reported = new Set<string>();
      const use = (path: A.FieldPath, after: boolean, at: Span = path.span, related?: Span): void => {
        const root = path.segments[0];
        if (root === undefined || !results.has(root.name) || before.has(root.name) || (after && own === root.name)) return;
        const key = `${root.name}@${at.start}`;
        if (reported.has(key)) return;
        reported.add(key);
        context.report("AGC3017", [root.name, state.name.name], related === undefined ? root.span : at, {
          related: [
            ...(related === undefined ? [] : [context.related(related, `"${root.name}" is used here`)]),
            context.related(results.get(root.name)!.node.span, `"${root.name}" is set here`),
          ],
        });
      };
      for (const action of state.actions) {
        for (const path of collect<"FieldPath", A.FieldPath>(action, "FieldPath")) use(path, false);
        if (action.kind === "AskAction" || action.kind === "LoopAction") {
          const prompt = agent.symbols.prompts.get(action.prompt.name);
          for (const path of placeholders(prompt?.body)) use(path, false, action.prompt.span, path.span);
        }
      }
      for (const transition of state.transitions) {
        const success = isSuccess(transition.trigger);
        for (const path of collect<"FieldPath", A.FieldPath>([transition.trigger, transition.target], "FieldPath")) use(path, success);
      }
    }
  },
};

export function isSuccess(trigger: A.Trigger): boolean {
  return trigger.kind === "WhenTrigger" || trigger.kind === "ElseTrigger" || trigger.kind === "AlwaysTrigger";
}

function ownResult(state: A.StateDecl): string | undefined {
  const action = soleAction(state);
  return action === undefined ? undefined : resultName(action)?.name;
}

/** Must-analysis: the results set on every path from `start` to each reachable state. */
export function availableResults(graph: StateGraph): Map<A.StateDecl, Set<string>> {
  const available = new Map<A.StateDecl, Set<string>>();
  if (graph.start === undefined) return available;
  available.set(graph.start, new Set());
  const work = [graph.start];
  const queued = new Set(work);
  while (work.length > 0) {
    const state = work.pop()!;
    queued.delete(state);
    const before = available.get(state)!;
    const own = ownResult(state);
    const withOwn = own === undefined || before.has(own) ? before : new Set(before).add(own);
    for (const edge of graph.edges.get(state) ?? []) {
      const out = isSuccess(edge.transition.trigger) ? withOwn : before;
      const current = available.get(edge.to);
      let next: Set<string>;
      if (current === undefined) next = new Set(out);
      else {
        let lost = false;
        for (const name of current) if (!out.has(name)) lost = true;
        if (!lost) continue;
        next = new Set([...current].filter((name) => out.has(name)));
      }
      if (edge.to === graph.start) continue; // nothing is set before the first state
      available.set(edge.to, next);
      if (!queued.has(edge.to)) {
        queued.add(edge.to);
        work.push(edge.to);
      }
    }
  }
  return available;
}
