/** An `alert` names one of the metrics the runtime measures, with a threshold of that metric's kind. */
import type * as A from "../../language/ast.ts";
import { membersOf, type CheckRule } from "./context.ts";

/** Each metric and the literal kind its threshold is written in. */
export const ALERT_METRICS: ReadonlyMap<string, A.AlertDecl["threshold"]["kind"]> = new Map([
  ["stepsPerCompletion", "NumberLiteral"],
  ["escalationRate", "PercentLiteral"],
  ["toolFailureRate", "PercentLiteral"],
  ["p95Latency", "DurationLiteral"],
  ["tokensPerDay", "NumberLiteral"],
  ["costPerDay", "MoneyLiteral"],
]);

const KIND_NAMES: Record<A.AlertDecl["threshold"]["kind"], string> = {
  NumberLiteral: "a number",
  PercentLiteral: "a percentage (e.g. 10%)",
  DurationLiteral: "a duration (e.g. 30s)",
  MoneyLiteral: "an amount of money (e.g. 25 usd)",
};

export const knownAlertMetrics: CheckRule = {
  name: "known-alert-metrics",
  needsCompleteTree: false,
  run(context) {
    if (context.agent === undefined) return;
    for (const alert of membersOf(context.agent.decl, "AlertDecl")) {
      if (alert.metric.name === "") continue;
      const kind = ALERT_METRICS.get(alert.metric.name);
      if (kind === undefined) context.report("AGC2015", [alert.metric.name], alert.metric.span);
      else if (alert.threshold !== undefined && alert.threshold.kind !== kind)
        context.report("AGC3022", [`the threshold of ${alert.metric.name} is ${KIND_NAMES[kind]}`], alert.threshold.span);
    }
  },
};
