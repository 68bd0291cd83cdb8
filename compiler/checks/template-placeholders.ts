/** Every `{{ path }}` names an input field or a step result, and a reply or escalation text places only scalars (prompts may place records, as JSON). */
import type * as A from "../../language/ast.ts";
import { resolvePath, pathText } from "../resolve/expressions.ts";
import { describeType, isScalar } from "../resolve/types.ts";
import { allStates, exprReporter, finalSteps, membersOf, type CheckContext, type CheckRule } from "./context.ts";

export const templatePlaceholders: CheckRule = {
  name: "template-placeholders",
  needsCompleteTree: false,
  run(context) {
    const agent = context.agent;
    if (agent === undefined) return;
    for (const prompt of membersOf(agent.decl, "PromptDecl")) checkTemplate(context, prompt.body, true);
    for (const state of allStates(context)) {
      for (const step of finalSteps(state)) {
        checkTemplate(context, step.node.kind === "ReplyAction" ? step.node.text : step.node.reason);
      }
    }
  },
};

export function placeholders(template: A.TemplateString | undefined): A.FieldPath[] {
  if (template === undefined) return [];
  return template.parts.flatMap((p) => (p.kind === "Placeholder" ? [p.path] : []));
}

function checkTemplate(context: CheckContext, template: A.TemplateString | undefined, structuredAllowed = false): void {
  const agent = context.agent!;
  const report = exprReporter(context);
  for (const path of placeholders(template)) {
    const type = resolvePath(path, agent.scope, report);
    if (!structuredAllowed && !isScalar(type)) context.report("AGC3005", [pathText(path), describeType(type)], path.span);
  }
}
