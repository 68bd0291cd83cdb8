/**
 * A tiny code tree for the literals the machine module is made of (schemas, metadata, the
 * machine config) and its printer. The printer decides line breaks (an object or array goes
 * on one line when it fits, else one entry per line); ts-morph's formatter then fixes the
 * indentation and spacing, so the output is stable and readable.
 */

export type Code =
  | { readonly kind: "raw"; readonly text: string }
  | { readonly kind: "object"; readonly entries: readonly (readonly [string, Code])[] }
  | { readonly kind: "array"; readonly items: readonly Code[] }
  /** `head(args)` — e.g. a call whose arguments are themselves code. */
  | { readonly kind: "call"; readonly head: string; readonly args: readonly Code[]; readonly tail: string }
  /** `(params) => body`, the body printed as an expression. */
  | { readonly kind: "arrow"; readonly params: string; readonly body: Code };

export const raw = (text: string): Code => ({ kind: "raw", text });
export const obj = (entries: readonly (readonly [string, Code | undefined])[]): Code => ({
  kind: "object",
  entries: entries.filter((e): e is readonly [string, Code] => e[1] !== undefined),
});
export const arr = (items: readonly Code[]): Code => ({ kind: "array", items });
export const call = (head: string, args: readonly Code[], tail = ""): Code => ({ kind: "call", head, args, tail });
export const arrow = (params: string, body: Code): Code => ({ kind: "arrow", params, body });

/** A JSON-compatible value (plus `undefined`) as code. */
export function value(v: unknown): Code {
  if (v === undefined) return raw("undefined");
  if (v === null || typeof v === "boolean") return raw(String(v));
  if (typeof v === "number") return raw(numberText(v));
  if (typeof v === "string") return raw(stringText(v));
  if (Array.isArray(v)) return arr(v.map(value));
  return obj(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, value(x)] as const));
}

export function numberText(n: number): string {
  if (Number.isNaN(n)) return "Number.NaN";
  if (!Number.isFinite(n)) return n > 0 ? "Number.POSITIVE_INFINITY" : "Number.NEGATIVE_INFINITY";
  return Object.is(n, -0) ? "0" : String(n);
}

export function stringText(s: string): string {
  return JSON.stringify(s);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * An object literal key. `__proto__` written as a plain or quoted key sets the prototype
 * instead of a property, so it becomes a computed key. A bracketed name is already computed.
 */
export function keyText(name: string): string {
  if (name === "__proto__") return `["__proto__"]`;
  // the emitter's own computed keys (`[FORCE_ESCALATE]`); IR names are identifiers, never bracketed
  if (name.startsWith("[") && name.endsWith("]")) return name;
  return IDENTIFIER.test(name) ? name : stringText(name);
}

/** `base.name`, or `base["name"]` where a dot would not do (`__proto__` reads the prototype). */
export function memberText(base: string, name: string, optional = false): string {
  if (name !== "__proto__" && IDENTIFIER.test(name)) return `${base}${optional ? "?." : "."}${name}`;
  return `${base}${optional ? "?.[" : "["}${stringText(name)}]`;
}

/** A property name in a type literal (no prototype trap there, but keep keys valid). */
export function typeKeyText(name: string): string {
  return IDENTIFIER.test(name) ? name : stringText(name);
}

const WIDTH = 120;

/**
 * Prints code at nesting level `indent` (two spaces a level): one line when it fits in the
 * width, else one entry per line. Multi-line raw snippets are re-indented to the level, so
 * the text needs no formatter pass (a test checks ts-morph's formatter leaves it unchanged).
 */
export function print(code: Code, indent = 0): string {
  const flat = printFlat(code, WIDTH - indent * 2);
  if (flat !== undefined) return flat;
  const pad = "  ".repeat(indent + 1);
  const end = "  ".repeat(indent);
  switch (code.kind) {
    case "raw":
      return reindent(code.text, indent);
    case "object":
      if (code.entries.length === 0) return "{}";
      return `{\n${code.entries.map(([k, v]) => `${pad}${entryText(k, print(v, indent + 1))},`).join("\n")}\n${end}}`;
    case "array":
      if (code.items.length === 0) return "[]";
      return `[\n${code.items.map((v) => `${pad}${print(v, indent + 1)},`).join("\n")}\n${end}]`;
    case "call":
      if (code.args.length === 1) return `${code.head}(${print(code.args[0]!, indent)})${code.tail}`;
      return `${code.head}(\n${code.args.map((v) => `${pad}${print(v, indent + 1)},`).join("\n")}\n${end})${code.tail}`;
    case "arrow": {
      const body = print(code.body, indent);
      return `(${code.params}) => ${code.body.kind === "object" ? `(${body})` : body}`;
    }
  }
}

function entryText(key: string, value: string): string {
  const k = keyText(key);
  return k === value ? k : `${k}: ${value}`;
}

/**
 * A snippet's later lines, moved so its least indented line sits at `indent` (a closing
 * `}`/`)`) or one level deeper (a continuation line).
 */
function reindent(text: string, indent: number): string {
  const [first = "", ...rest] = text.split("\n");
  const nonEmpty = rest.filter((l) => l.trim() !== "");
  if (nonEmpty.length === 0) return text;
  const min = Math.min(...nonEmpty.map((l) => l.length - l.trimStart().length));
  const closes = /^[}\])]/.test(rest[rest.length - 1]!.trim());
  const base = "  ".repeat(indent + (closes ? 0 : 1));
  return [first, ...rest.map((l) => (l.trim() === "" ? "" : base + l.slice(min)))].join("\n");
}

/** The one-line form if it fits in `budget` characters, else undefined. */
function printFlat(code: Code, budget: number): string | undefined {
  if (budget <= 0) return undefined;
  switch (code.kind) {
    case "raw":
      return code.text.includes("\n") || code.text.length > budget ? undefined : code.text;
    case "object": {
      if (code.entries.length === 0) return "{}";
      let out = "{ ";
      for (const [i, [k, v]] of code.entries.entries()) {
        const inner = printFlat(v, budget - out.length);
        if (inner === undefined) return undefined;
        out += (i === 0 ? "" : ", ") + entryText(k, inner);
        if (out.length > budget) return undefined;
      }
      out += " }";
      return out.length > budget ? undefined : out;
    }
    case "array":
      return joinFlat("[", code.items, "]", budget);
    case "call":
      return joinFlat(`${code.head}(`, code.args, `)${code.tail}`, budget);
    case "arrow": {
      const head = `(${code.params}) => `;
      const body = printFlat(code.body, budget - head.length - 2);
      if (body === undefined) return undefined;
      const out = head + (code.body.kind === "object" ? `(${body})` : body);
      return out.length > budget ? undefined : out;
    }
  }
}

function joinFlat(open: string, items: readonly Code[], close: string, budget: number): string | undefined {
  let out = open;
  for (const [i, item] of items.entries()) {
    const inner = printFlat(item, budget - out.length);
    if (inner === undefined) return undefined;
    out += (i === 0 ? "" : ", ") + inner;
    if (out.length > budget) return undefined;
  }
  out += close;
  return out.length > budget ? undefined : out;
}
