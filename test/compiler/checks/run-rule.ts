/**
 * Test helper: run ONE rule on an agent text and get its diagnostics as
 * `line:col CODE message` strings, so a rule's test sees only what that rule reports.
 */
import { parse } from "../../../language/parse.ts";
import type { Diagnostic } from "../../../language/diagnostics/diagnostic.ts";
import { compareDiagnostics } from "../../../language/diagnostics/diagnostic.ts";
import { checkFile } from "../../../compiler/check.ts";
import type { CheckRule } from "../../../compiler/checks/context.ts";
import { ALL_CHECKS } from "../../../compiler/checks/all-checks.ts";

export function runRule(rule: CheckRule, text: string): string[] {
  if (!ALL_CHECKS.includes(rule)) throw new Error(`${rule.name} is not in all-checks.ts`);
  const result = parse("test.agent", text);
  const syntax = result.diagnostics.filter((d) => d.severity === "error");
  if (syntax.length > 0 && rule.needsCompleteTree) throw new Error(`syntax errors: ${syntax.map((d) => d.message).join("; ")}`);
  const file = { path: "test.agent", absolutePath: "/test.agent", relativePath: "test.agent", parse: result, entry: true, imports: [] };
  const only: Diagnostic[] = checkFile(file, [], [rule]);
  return only.sort(compareDiagnostics).map((d) => {
    const at = result.source.positionAt(d.span.start);
    return `${at.line + 1}:${at.character + 1} ${d.code} ${d.message}`;
  });
}

/** A small valid agent; `body` replaces its start and states, `head` adds members. */
export function agent(body: string, head = ""): string {
  return `agent Support "Answers support questions." {
  input { message: string }
  output { reply: string }
  model primary "openai:gpt-4.1-mini" maxTokens 500
  escalation oncall "The support on-call."
${head}${body}
}
`;
}

export const SIMPLE = `  start answer
  state answer {
    reply "Thanks."
  }`;
