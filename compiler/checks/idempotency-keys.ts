/** A tool with `effects write` or `effects payment` names an idempotency key, made of its own input fields. */
import type * as A from "../../language/ast.ts";
import { pathText } from "../resolve/expressions.ts";
import { describeType, isScalar, recordFromAst, stripOptional, type Type } from "../resolve/types.ts";
import type { CheckRule } from "./context.ts";

export const idempotencyKeys: CheckRule = {
  name: "idempotency-keys",
  needsCompleteTree: false,
  run(context) {
    for (const tool of context.toolDecls) {
      const effects = tool.clauses.find((c): c is A.ToolEffectsClause => c.kind === "ToolEffectsClause");
      if (effects === undefined) continue;
      const sideEffect = effects.effect === "write" || effects.effect === "payment";
      if (sideEffect && effects.idempotencyKey.length === 0) {
        if (!context.hasSyntaxErrors) context.report("AGC3011", [tool.name.name, effects.effect], effects.effectSpan);
        continue;
      }
      if (!sideEffect && effects.idempotencyKey.length > 0) {
        const all = { start: effects.idempotencyKey[0]!.span.start, end: effects.idempotencyKey.at(-1)!.span.end };
        context.report("AGC3026", [`\`effects ${effects.effect}\` has no side effect to make idempotent`], all, { help: "remove `idempotent by …`" });
        continue;
      }
      const inputClause = tool.clauses.find((c): c is A.ToolSchemaClause => c.kind === "ToolSchemaClause" && c.which === "input");
      const input = recordFromAst(inputClause?.type);
      for (const key of effects.idempotencyKey) {
        const problem = keyProblem(key, input, tool.name.name);
        if (problem !== undefined) context.report("AGC3026", [problem], key.span);
      }
    }
  },
};

function keyProblem(key: A.FieldPath, input: Type, tool: string): string | undefined {
  let type: Type = input;
  for (let i = 0; i < key.segments.length; i++) {
    const name = key.segments[i]!.name;
    if (name === "") return undefined;
    const base = stripOptional(type);
    if (base.kind === "unknown") return undefined;
    const field = base.kind === "record" ? base.fields.get(name) : undefined;
    if (field === undefined) {
      const owner = i === 0 ? `the input of "${tool}"` : `\`${pathText(key, i)}\``;
      return `the idempotency key "${pathText(key)}" is not an input field: ${owner} has no field "${name}"`;
    }
    type = field.type;
  }
  return isScalar(type) ? undefined : `the idempotency key "${pathText(key)}" is ${describeType(type)}; a key is made of strings, numbers or booleans`;
}
