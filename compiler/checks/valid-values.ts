/** Numbers mean what they say: counts are whole numbers of 1 or more, durations and budgets are above zero, costs are not negative, temperature is 0..2, percentages 0..100, and nothing exceeds 2^53. */
import type * as A from "../../language/ast.ts";
import { allStates, type CheckContext, type CheckRule } from "./context.ts";

type Literal = A.NumberLiteral | A.DurationLiteral | A.MoneyLiteral | A.PercentLiteral;
type Rule = "count" | "whole" | "positive" | "nonNegative" | "temperature" | "percent";

export const validValues: CheckRule = {
  name: "valid-values",
  needsCompleteTree: false,
  run(context) {
    const check = (node: Literal | undefined, what: string, rule: Rule): void => checkValue(context, node, what, rule);
    for (const tool of context.toolDecls) checkTool(tool, check);
    const agent = context.agent?.decl;
    if (agent === undefined) return;
    for (const member of agent.members) {
      switch (member.kind) {
        case "VersionDecl":
          check(member.value, "the version", "whole");
          break;
        case "ModelDecl":
          check(member.maxTokens, "maxTokens", "count");
          check(member.temperature, "the temperature", "temperature");
          break;
        case "BudgetDecl":
          for (const item of member.items) check(item.value, `the ${item.metric} budget`, item.metric === "tokens" || item.metric === "steps" ? "count" : "positive");
          break;
        case "AlertDecl":
          check(member.threshold, `the ${member.metric.name || "alert"} threshold`, member.threshold?.kind === "PercentLiteral" ? "percent" : "nonNegative");
          break;
      }
    }
    for (const state of allStates(context)) {
      check(state.visitLimit, "a visit limit", "count");
      for (const action of state.actions) {
        if (action.kind === "AskAction" || action.kind === "LoopAction") check(action.maxTokens, "maxTokens", "count");
        if (action.kind === "LoopAction") check(action.maxTurns, "a turn limit", "count");
        if (action.kind === "AwaitAction") check(action.timeout, "a timeout", "positive");
      }
    }
  },
};

function checkTool(tool: A.ToolDecl, check: (node: Literal | undefined, what: string, rule: Rule) => void): void {
  for (const clause of tool.clauses) {
    switch (clause.kind) {
      case "ToolTimeoutClause":
        check(clause.value, "a timeout", "positive");
        break;
      case "ToolRetryClause":
        check(clause.attempts, "the number of retries", "count");
        check(clause.delay, "a retry delay", "positive");
        break;
      case "ToolBreakerClause":
        check(clause.failures, "the breaker's failure count", "count");
        check(clause.window, "the breaker's window", "positive");
        check(clause.cooldown, "the breaker's cooldown", "positive");
        break;
      case "ToolRateClause":
        check(clause.count, "a rate limit", "count");
        check(clause.per, "a rate limit's period", "positive");
        break;
      case "ToolCallsClause":
        check(clause.value, "calls per session", "count");
        break;
      case "ToolCostClause":
        check(clause.value, "a cost", "nonNegative");
        break;
    }
  }
}

function numberOf(node: Literal): number {
  switch (node.kind) {
    case "NumberLiteral":
      return node.value;
    case "DurationLiteral":
      return node.milliseconds;
    case "MoneyLiteral":
      return node.amount;
    case "PercentLiteral":
      return node.percent;
  }
}

function checkValue(context: CheckContext, node: Literal | undefined, what: string, rule: Rule): void {
  if (node === undefined || typeof node !== "object" || !("raw" in node)) return;
  const value = numberOf(node);
  if (!Number.isFinite(value) || value === Number.MAX_VALUE || (/^-?\d+$/.test(node.raw) && !Number.isSafeInteger(value))) return; // the parser reported it (AGC1008)
  const bad = (message: string): void => context.report("AGC3022", [`${what} ${message}, found ${node.raw}${node.kind === "MoneyLiteral" ? " usd" : ""}`], node.span);
  if (Math.abs(value) > Number.MAX_SAFE_INTEGER) return bad("must not exceed 2^53");
  switch (rule) {
    case "count":
      if (!Number.isInteger(value) || value < 1) bad("must be a whole number of 1 or more");
      break;
    case "whole":
      if (!Number.isInteger(value) || value < 0) bad("must be a whole number of 0 or more");
      break;
    case "positive":
      if (!(value > 0)) bad("must be above zero");
      break;
    case "nonNegative":
      if (value < 0) bad("must not be negative");
      break;
    case "temperature":
      if (value < 0 || value > 2) bad("must be between 0 and 2");
      break;
    case "percent":
      if (value < 0 || value > 100) bad("must be between 0% and 100%");
      break;
  }
}
