/**
 * One playbook per alert metric, written for THIS agent: the states, tools and limits that
 * move the metric, and the commands to run. Metrics without a declared threshold still get
 * their playbook, marked as such, so the runbook is complete when one is added.
 */
import type { CostBound } from "../../analysis/cost-bound.ts";
import type { AgentIR, AlertIR, AlertMetric } from "../../ir/ir.ts";
import { code, count, duration, list, money, table, text } from "../contracts/markdown.ts";
import { escalationPoints, limitedStates } from "./facts.ts";

const METRICS: readonly AlertMetric[] = ["stepsPerCompletion", "escalationRate", "toolFailureRate", "p95Latency", "tokensPerDay", "costPerDay"];

export function alertsSection(ir: AgentIR, bound: CostBound): string {
  const declared = new Map(ir.alerts.map((a) => [a.metric, a]));
  const summary = table(
    ["Metric", "Fires above", "Meaning"],
    METRICS.map((m) => [code(m), declared.has(m) ? threshold(declared.get(m)!) : "not declared", MEANING[m]]),
  );
  const parts = ["## Alerts", summary];
  for (const metric of METRICS) {
    const alert = declared.get(metric);
    parts.push(`### ${code(metric)}${alert === undefined ? " (no threshold declared)" : ` > ${threshold(alert)}`}`);
    if (alert === undefined) parts.push(`Declare one with ${code(`alert ${metric} > …`)} in the agent. The playbook applies to whatever threshold you choose.`);
    parts.push(PLAYBOOKS[metric](ir, bound, alert).join("\n"));
  }
  return parts.join("\n\n");
}

function threshold(alert: AlertIR): string {
  switch (alert.unit) {
    case "percent":
      return `${alert.threshold}%`;
    case "ms":
      return duration(alert.threshold);
    case "usd":
      return `${money(alert.threshold)} usd`;
    case "count":
      return count(alert.threshold);
  }
}

const MEANING: Readonly<Record<AlertMetric, string>> = {
  stepsPerCompletion: "average steps of a completed session",
  escalationRate: "share of sessions that end in an escalation",
  toolFailureRate: "share of tool calls that fail (per tool)",
  p95Latency: "95th percentile of session duration",
  tokensPerDay: "model tokens used by all sessions in a day",
  costPerDay: "USD spent by all sessions in a day (models and tools)",
};

type Playbook = (ir: AgentIR, bound: CostBound, alert: AlertIR | undefined) => string[];

const INSPECT = `1. List recent sessions with ${code("agentc sessions")} and open the outliers with ${code("agentc show <session-id>")}.`;

const PLAYBOOKS: Readonly<Record<AlertMetric, Playbook>> = {
  stepsPerCompletion: (ir, bound) => {
    const limited = limitedStates(ir);
    return [
      INSPECT,
      `2. Look for states that repeat. The only repeatable states are the bounded ones: ${limited.length === 0 ? "none — this agent has no cycles, so a rise means sessions take longer branches" : list(limited)}.`,
      `3. ${bound.kind === "bounded" ? `The static worst case is ${bound.worstCase.steps} steps per session` : "This agent has no static bound on steps"}${ir.budget.steps === undefined ? "" : `; the step budget (${ir.budget.steps}) escalates sessions that reach it`}.`,
      "4. Repeats after tool failures point to a failing tool (see `toolFailureRate`); repeats after model answers point to a prompt: replay the session, change the prompt under a new version, and check with `agentc replay --against`.",
    ];
  },
  escalationRate: (ir) => {
    const points = escalationPoints(ir);
    const rows = points.map((p) => [code(p.state), p.implicit ? `${p.via} (implicit)` : p.via, code(p.target), text(p.reason)]);
    return [
      INSPECT,
      `2. Group the escalated sessions by target and reason (the last line of ${code("agentc show")}). Where sessions escalate:`,
      "",
      rows.length === 0 ? "No state escalates explicitly." : table(["State", "When", "Target", "Reason"], rows),
      "",
      `3. Also escalated to ${code(ir.defaultEscalation)}: budget guard, calls over a tool's per-session limit, blocked tool calls and kill switches.`,
      "4. Mostly `tool … failed` reasons: follow `toolFailureRate`. Mostly limits (`visit limit`, `on exhausted`): the model is not converging — replay a few sessions and fix the prompt.",
      `5. If escalations flood a team, switch the agent off with ${code(`agentc flags set agent.${ir.name}.disabled true`)} while you fix it.`,
    ];
  },
  toolFailureRate: (ir) => {
    const rows = ir.tools
      .filter((t) => t.allowedIn.length > 0)
      .map((t) => [
        code(t.name),
        t.timeoutMs === undefined ? "none" : duration(t.timeoutMs),
        t.retry === undefined ? "none" : `${t.retry.attempts} ${t.retry.backoff}`,
        t.breaker === undefined ? "none" : `${t.breaker.failures} in ${duration(t.breaker.windowMs)}, ${duration(t.breaker.cooldownMs)} cooldown`,
        t.allowedIn.map(code).join(", "),
      ]);
    return [
      `1. Find the failing tool: the runtime counts tool calls and failures per tool (spans ${code("execute_tool <tool>")} carry the error).`,
      "2. Check the service behind it. Its limits:",
      "",
      rows.length === 0 ? "No tool is called." : table(["Tool", "Timeout", "Retry", "Breaker", "Called in"], rows),
      "",
      `3. If the service is down, disable the tool (${code("agentc flags set tool.<name>.disabled true")}); each calling state then takes its failure path, listed under Kill switches. A breaker already fails fast after its threshold.`,
      `4. If the failures are contract violations, the service changed its shape: compare a recorded result (${code("agentc show <session-id>")}) with ${code("contracts/<tool>.output.schema.json")}.`,
      `5. When the service is back: ${code("agentc flags unset tool.<name>.disabled")}.`,
    ];
  },
  p95Latency: (ir) => {
    const slow = ir.tools
      .filter((t) => t.allowedIn.length > 0 && t.timeoutMs !== undefined)
      .map((t) => {
        const attempts = 1 + (t.retry?.attempts ?? 0);
        return `${code(t.name)} up to ${duration(t.timeoutMs! * attempts)}${attempts === 1 ? "" : ` (${attempts} attempts, plus backoff)`}`;
      });
    const waits = ir.states.flatMap((s) => (s.action.kind === "await" ? [`${code(s.name)} waits up to ${duration(s.action.timeoutMs)} for ${code(s.action.target)}`] : []));
    return [
      `1. Open slow sessions' traces: the spans ${code("chat <model>")} and ${code("execute_tool <tool>")} under ${code(`invoke_agent ${ir.name}`)} show where time goes.`,
      `2. Tools: ${slow.length === 0 ? "no tool declares a timeout" : list(slow)}.`,
      `3. Human waits: ${waits.length === 0 ? "none" : `${list(waits)} — sessions parked on a person dominate the p95; compare only sessions that did not wait`}.`,
      `4. A slow model provider: the runtime falls back ${ir.model.fallback === undefined ? "to nothing (no fallback model is declared)" : `to ${code(ir.model.fallback)}`} on timeouts and errors.`,
      `5. If a tool is the cause and cannot be fixed quickly, disable it (${code("agentc flags set tool.<name>.disabled true")}).`,
    ];
  },
  tokensPerDay: (ir, bound, alert) => {
    const perSession = bound.kind === "bounded" ? bound.worstCase.tokens : undefined;
    const sessions = alert !== undefined && perSession !== undefined && perSession > 0 ? ` — the alert means at least ${count(Math.ceil(alert.threshold / perSession))} sessions a day even if every one hit the worst case` : "";
    return [
      `1. Check volume first: ${code("agentc sessions")} (tokens per session are in its columns). ${perSession === undefined ? "" : `The static worst case is ${count(perSession)} tokens per session${sessions}.`}`,
      `2. A volume spike you do not expect (abuse, a retry storm upstream): disable the workflow (${code(`agentc flags set agent.${ir.name}.disabled true`)}).`,
      `3. More tokens per session: the dearest states are ${top(bound, "tokens")}. Long ${code("{{ placeholders }}")} (large inputs or tool results) and tool-loop turns grow prompts.`,
      `4. Lower ${code("maxTokens")}, turn limits or the ${code("budget tokens")} of the agent; verify with ${code("agentc replay --against")}.`,
    ];
  },
  costPerDay: (ir, bound) => {
    const paid = ir.tools.filter((t) => t.costUsd !== undefined && t.allowedIn.length > 0).map((t) => `${code(t.name)} (${money(t.costUsd!)} usd a call)`);
    const worst =
      bound.kind !== "bounded" ? "there is no static worst case (unbounded cycle)" : bound.worstCase.costUsd === undefined ? "the static worst case is unknown (the model has no price)" : `the static worst case is ${money(bound.worstCase.costUsd)} usd per session`;
    return [
      `1. Split model and tool spend: ${code("agentc sessions")} shows cost per session; ${worst}.`,
      `2. Paid tools: ${paid.length === 0 ? "none declare a cost" : list(paid)}. Model: ${ir.model.primary === "" ? "none" : code(ir.model.primary)}${ir.model.fallback === undefined ? "" : `, fallback ${code(ir.model.fallback)} (a fallback storm changes the price)`}.`,
      `3. The dearest states: ${top(bound, "costUsd")}.`,
      `4. To stop spend now: ${code(`agentc flags set agent.${ir.name}.disabled true`)}, or disable the dearest tool. Lower the ${code("budget cost")} to cap each session.`,
    ];
  },
};

/** The three states with the highest per-visit + per-session value of `metric`. */
function top(bound: CostBound, metric: "tokens" | "costUsd"): string {
  if (bound.kind !== "bounded") return "unknown (no static bound)";
  if (metric === "costUsd" && bound.worstCase.costUsd === undefined) return "unknown (the model has no price)";
  const ranked = bound.states
    .map((s) => ({ state: s.state, value: s.perVisit[metric] + s.perSession[metric] }))
    .filter((s) => s.value > 0)
    .sort((a, b) => b.value - a.value || (a.state < b.state ? -1 : 1))
    .slice(0, 3);
  if (ranked.length === 0) return "none (no state spends any)";
  return list(ranked.map((s) => `${code(s.state)} (${metric === "tokens" ? `${count(s.value)} tokens` : `${money(s.value)} usd`})`));
}
