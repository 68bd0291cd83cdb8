/**
 * Small sets of values of an IR type, for stubbing slots (graph cases, machine path tests): a base value plus variants that
 * change one field at a time, with the literals the agent's guards compare against (so both
 * sides of `answer.confidence >= 0.7` occur). Callers keep only schema-valid values.
 */
import type { AgentIR, ExprIR, JsonValue, TypeIR } from "../ir/ir.ts";

export type Hints = ReadonlyMap<string, readonly (string | number | boolean)[]>;

/** Literals compared with each path in the agent's guards, by dotted path. */
export function guardHints(ir: AgentIR): Hints {
  const hints = new Map<string, (string | number | boolean)[]>();
  const visit = (e: ExprIR): void => {
    if (e.kind === "binary") {
      for (const [a, b] of [
        [e.left, e.right],
        [e.right, e.left],
      ] as const) {
        if (a.kind === "path" && b.kind === "literal") {
          const key = [a.root, ...a.fields].join(".");
          hints.set(key, [...(hints.get(key) ?? []), b.value]);
        }
      }
      visit(e.left);
      visit(e.right);
    } else if (e.kind === "not") visit(e.operand);
  };
  for (const state of ir.states) for (const t of state.transitions) if (t.trigger.kind === "when") visit(t.trigger.guard.expr);
  return hints;
}

/** Values of `type` at `path`: the first is the base; the rest vary one thing each. */
export function samples(type: TypeIR, path: string, hints: Hints): JsonValue[] {
  const hinted = hints.get(path) ?? [];
  switch (type.kind) {
    case "boolean":
      return [true, false];
    case "enum":
      return [...type.values];
    case "number":
    case "integer": {
      const low = type.min ?? 0;
      const high = type.max ?? 1000;
      const extra = hinted.filter((h): h is number => typeof h === "number").flatMap((h) => [h, h - 1, h + 1]);
      const all = [high, low, ...extra].filter((n) => n >= low && n <= high && (type.kind === "number" || Number.isInteger(n)));
      return unique(all);
    }
    case "string": {
      const length = Math.max(type.minLength ?? 0, 3);
      const base = "abc".padEnd(length, "x").slice(0, type.maxLength ?? length);
      const extra = hinted.filter((h): h is string => typeof h === "string");
      const all = [base, ...extra].filter((s) => type.pattern === undefined || new RegExp(type.pattern).test(s));
      return unique(all);
    }
    case "array": {
      const count = Math.max(type.minItems ?? 0, 1);
      const element = samples(type.element, `${path}[]`, hints)[0];
      return element === undefined ? [] : [Array.from({ length: count }, () => element)];
    }
    case "record": {
      const base: Record<string, JsonValue> = {};
      const perField = type.fields.map((f) => [f, samples(f.type, `${path}.${f.name}`, hints)] as const);
      for (const [field, values] of perField) if (values[0] !== undefined) define(base, field.name, values[0]);
      // small records get every combination (guards may compare two fields, e.g. amount > total);
      // larger ones vary one field at a time
      const options = perField.map(([field, values]) => (field.optional ? [...values, undefined] : values));
      const product = options.reduce((n, values) => n * Math.max(1, values.length), 1);
      if (product <= 32) {
        let combos: Record<string, JsonValue>[] = [{}];
        perField.forEach(([field], i) => {
          const values = options[i]!;
          if (values.length === 0) return;
          combos = combos.flatMap((c) => values.map((v) => (v === undefined ? { ...c } : define({ ...c }, field.name, v))));
        });
        return combos;
      }
      const out: JsonValue[] = [base];
      for (const [field, values] of perField) {
        for (const v of values.slice(1)) out.push(define({ ...base }, field.name, v));
        if (field.optional) {
          const without = { ...base };
          delete without[field.name];
          out.push(without);
        }
      }
      return out;
    }
  }
}

/** Sets an own property, even `__proto__` (plain assignment would set the prototype). */
export function define(target: Record<string, JsonValue>, key: string, value: JsonValue): Record<string, JsonValue> {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
