/**
 * IR expressions as typed TypeScript over the machine's context: `input.x` reads
 * `context.input.x`, a result reads `context.results.name!` (the checker proved it is set on
 * every path to the state, AGC3017), and in a guard the step's own new result is the local
 * `value`. Optional fields read with `?.`, and comparisons that need a value guard against
 * `undefined`, so the generated code type-checks under `strict`.
 */
import type { ExprIR, FieldIR, RecordTypeIR, TypeIR } from "../../ir/ir.ts";
import { keyText, memberText, numberText, stringText } from "./code.ts";

export interface ExprScope {
  readonly input: RecordTypeIR;
  readonly results: ReadonlyMap<string, TypeIR>;
  /** In a guard: the step's own result, read from the local `value`. */
  readonly current?: string | undefined;
}

export interface CompiledExpr {
  readonly code: string;
  /** Undefined when the IR does not say (a path through an unknown field). */
  readonly type: TypeIR | undefined;
  readonly maybeUndefined: boolean;
  /** JS precedence of the outermost operator: 1 `||`, 2 `&&`, 3 equality, 4 relational, 5 unary, 6 primary. */
  readonly precedence: number;
}

export const GUARD_VALUE = "value";

const BOOLEAN: TypeIR = { kind: "boolean" };

export function compileExpr(expr: ExprIR, scope: ExprScope): CompiledExpr {
  switch (expr.kind) {
    case "path":
      return compilePath(expr.root, expr.fields, scope);
    case "literal":
      return {
        code: typeof expr.value === "number" ? numberText(expr.value) : typeof expr.value === "string" ? stringText(expr.value) : String(expr.value),
        type:
          typeof expr.value === "number"
            ? { kind: "number", min: undefined, max: undefined }
            : typeof expr.value === "string"
              ? { kind: "string", minLength: undefined, maxLength: undefined, pattern: undefined }
              : BOOLEAN,
        maybeUndefined: false,
        precedence: expr.kind === "literal" && typeof expr.value === "number" && expr.value < 0 ? 5 : 6,
      };
    case "not": {
      const operand = compileExpr(expr.operand, scope);
      const code = isPlainBoolean(operand) ? `!${wrap(operand, 5)}` : `${wrap(operand, 3)} !== true`;
      return { code, type: BOOLEAN, maybeUndefined: false, precedence: isPlainBoolean(operand) ? 5 : 3 };
    }
    case "binary":
      return compileBinary(expr.operator, compileExpr(expr.left, scope), compileExpr(expr.right, scope));
    case "record": {
      const fields: FieldIR[] = [];
      const parts: string[] = [];
      for (const f of expr.fields) {
        const value = compileExpr(f.value, scope);
        parts.push(`${keyText(f.name)}: ${value.code}`);
        if (value.type !== undefined) fields.push({ name: f.name, optional: value.maybeUndefined, type: value.type, pii: false });
      }
      return { code: parts.length === 0 ? "{}" : `{ ${parts.join(", ")} }`, type: { kind: "record", fields }, maybeUndefined: false, precedence: 6 };
    }
    case "array": {
      const elements = expr.elements.map((e) => compileExpr(e, scope));
      const element = elements[0]?.type;
      return {
        code: `[${elements.map((e) => e.code).join(", ")}]`,
        type: element === undefined ? undefined : { kind: "array", element, minItems: undefined, maxItems: undefined },
        maybeUndefined: false,
        precedence: 6,
      };
    }
  }
}

/** A guard's condition as a `boolean` expression. */
export function compileCondition(expr: ExprIR, scope: ExprScope): string {
  const compiled = compileExpr(expr, scope);
  return isPlainBoolean(compiled) ? compiled.code : `${wrap(compiled, 3)} === true`;
}

/** Whether the expression reads the step's own result (so a guard needs the `value` local). */
export function readsResult(expr: ExprIR, result: string): boolean {
  switch (expr.kind) {
    case "path":
      return expr.root === result;
    case "literal":
      return false;
    case "not":
      return readsResult(expr.operand, result);
    case "binary":
      return readsResult(expr.left, result) || readsResult(expr.right, result);
    case "record":
      return expr.fields.some((f) => readsResult(f.value, result));
    case "array":
      return expr.elements.some((e) => readsResult(e, result));
  }
}

/** Whether the expression reads any step result other than `except`. */
export function readsContext(expr: ExprIR, except: string | undefined): boolean {
  switch (expr.kind) {
    case "path":
      return expr.root !== except;
    case "literal":
      return false;
    case "not":
      return readsContext(expr.operand, except);
    case "binary":
      return readsContext(expr.left, except) || readsContext(expr.right, except);
    case "record":
      return expr.fields.some((f) => readsContext(f.value, except));
    case "array":
      return expr.elements.some((e) => readsContext(e, except));
  }
}

function compilePath(root: string, fields: readonly string[], scope: ExprScope): CompiledExpr {
  let code: string;
  let type: TypeIR | undefined;
  if (root === "input") {
    code = "context.input";
    type = scope.input;
  } else if (root === scope.current) {
    code = GUARD_VALUE;
    type = scope.results.get(root);
  } else {
    code = `${memberText("context.results", root)}!`;
    type = scope.results.get(root);
  }
  let maybeUndefined = false;
  for (const name of fields) {
    const field = type?.kind === "record" ? type.fields.find((f) => f.name === name) : undefined;
    code = memberText(code, name, maybeUndefined);
    type = field?.type;
    maybeUndefined = maybeUndefined || field === undefined || field.optional;
  }
  return { code, type, maybeUndefined, precedence: 6 };
}

const JS_OPERATOR = { or: "||", and: "&&", "==": "===", "!=": "!==", "<": "<", "<=": "<=", ">": ">", ">=": ">=" } as const;
const JS_PRECEDENCE = { or: 1, and: 2, "==": 3, "!=": 3, "<": 4, "<=": 4, ">": 4, ">=": 4 } as const;

function compileBinary(operator: keyof typeof JS_OPERATOR, left: CompiledExpr, right: CompiledExpr): CompiledExpr {
  const own = JS_PRECEDENCE[operator];
  const op = JS_OPERATOR[operator];
  if (operator === "and" || operator === "or") {
    const code = `${asBoolean(left, own)} ${op} ${asBoolean(right, own + 1)}`;
    return { code, type: BOOLEAN, maybeUndefined: false, precedence: own };
  }
  const code = `${wrap(left, own)} ${op} ${wrap(right, own + 1)}`;
  if (own === 3 || (!left.maybeUndefined && !right.maybeUndefined)) return { code, type: BOOLEAN, maybeUndefined: false, precedence: own };
  // an ordering needs both values: an absent optional field compares false
  const present = [left, right].filter((side) => side.maybeUndefined).map((side) => `${wrap(side, 3)} !== undefined`);
  return { code: `${present.join(" && ")} && ${code}`, type: BOOLEAN, maybeUndefined: false, precedence: 2 };
}

function isPlainBoolean(e: CompiledExpr): boolean {
  return e.type?.kind === "boolean" && !e.maybeUndefined;
}

function asBoolean(e: CompiledExpr, precedence: number): string {
  return isPlainBoolean(e) ? wrap(e, precedence) : wrap({ ...e, code: `${wrap(e, 3)} === true`, precedence: 3 }, precedence);
}

function wrap(e: CompiledExpr, precedence: number): string {
  return e.precedence < precedence ? `(${e.code})` : e.code;
}
