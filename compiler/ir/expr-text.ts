/** Prints an IR expression the way an author would write it (used for guard labels). */
import type { ExprIR } from "./ir.ts";

const PRECEDENCE = { or: 1, and: 2, "==": 3, "!=": 3, "<": 3, "<=": 3, ">": 3, ">=": 3 } as const;

export function exprText(expr: ExprIR, parent = 0): string {
  switch (expr.kind) {
    case "path":
      return [expr.root, ...expr.fields].join(".");
    case "literal":
      return typeof expr.value === "string" ? JSON.stringify(expr.value) : String(expr.value);
    case "not":
      return `not ${exprText(expr.operand, 4)}`;
    case "binary": {
      const own = PRECEDENCE[expr.operator];
      // comparisons do not chain, so a comparison operand that is a comparison keeps parentheses
      const text = `${exprText(expr.left, own)} ${expr.operator} ${exprText(expr.right, own + (own === 3 ? 1 : 0.5))}`;
      return own < parent || (own === 3 && parent === 3) ? `(${text})` : text;
    }
    case "record":
      return `{ ${expr.fields.map((f) => `${f.name}: ${exprText(f.value)}`).join(", ")} }`;
    case "array":
      return `[${expr.elements.map((e) => exprText(e)).join(", ")}]`;
  }
}
