/**
 * Redaction by value. Every string that came from a `@pii` field (the input, or a step's
 * result, at `metadata.piiPaths`) is remembered for the session; from then on it is masked
 * wherever it appears — span attributes and events, session events, logs, recorded tool
 * inputs and outputs — even when it travelled into another field or a prompt. A masked value
 * reads `[pii:1a2b3c4d]`: stable for the same value, so two mentions can still be matched.
 * Credentials (API keys, bearer tokens) are masked by shape, whatever their origin.
 */
import { createHash } from "node:crypto";

/** Shorter values are masked only where they are a whole string, not inside other text. */
export const MIN_SUBSTRING_LENGTH = 3;

const CREDENTIALS = /\b(?:sk|pk|rk)-[A-Za-z0-9_-]{16,}|\bBearer\s+[A-Za-z0-9._~+/=-]{8,}|\bsk-ant-[A-Za-z0-9_-]{16,}/g;

export function piiPlaceholder(value: string): string {
  return `[pii:${createHash("sha256").update(value).digest("hex").slice(0, 8)}]`;
}

export class Redactor {
  readonly #secrets = new Set<string>();
  #pattern: RegExp | undefined;

  /** The number of distinct values being masked. */
  get size(): number {
    return this.#secrets.size;
  }

  /** Remembers every string inside `value` (a string, or strings nested in arrays/records). */
  add(value: unknown): void {
    const before = this.#secrets.size;
    collectStrings(value, (text) => {
      if (text.length > 0) this.#secrets.add(text);
    });
    if (this.#secrets.size !== before) this.#pattern = undefined;
  }

  /** Remembers the values at `paths` (`input.email`, `order.items[].phone`) found under `roots`. */
  addPaths(roots: Readonly<Record<string, unknown>>, paths: readonly string[]): void {
    for (const path of paths) {
      const [root, ...rest] = path.split(".");
      if (root === undefined || !Object.hasOwn(roots, root)) continue;
      for (const found of valuesAt(roots[root], rest)) this.add(found);
    }
  }

  /** `text` with every remembered value and every credential masked. */
  redact(text: string): string {
    if (this.#secrets.has(text)) return piiPlaceholder(text);
    let out = text.replace(CREDENTIALS, "[credential]");
    const pattern = this.#compiled();
    if (pattern !== undefined) out = out.replace(pattern, (match) => piiPlaceholder(match));
    return out;
  }

  /** A deep copy of `value` with every string redacted (records, arrays; other values kept). */
  redactValue<T>(value: T): T {
    return mapStrings(value, (text) => this.redact(text)) as T;
  }

  #compiled(): RegExp | undefined {
    if (this.#pattern !== undefined) return this.#pattern;
    const long = [...this.#secrets].filter((s) => s.length >= MIN_SUBSTRING_LENGTH).sort((a, b) => b.length - a.length);
    if (long.length === 0) return undefined;
    this.#pattern = new RegExp(long.map(escapeRegExp).join("|"), "g");
    return this.#pattern;
  }
}

function valuesAt(value: unknown, path: readonly string[]): unknown[] {
  if (path.length === 0) return value === undefined ? [] : [value];
  const [head, ...rest] = path as [string, ...string[]];
  const isArrayStep = head.endsWith("[]");
  const key = isArrayStep ? head.slice(0, -2) : head;
  if (value === null || typeof value !== "object" || !Object.hasOwn(value, key)) return [];
  const next = (value as Record<string, unknown>)[key];
  if (!isArrayStep) return valuesAt(next, rest);
  return Array.isArray(next) ? next.flatMap((item) => valuesAt(item, rest)) : [];
}

function collectStrings(value: unknown, found: (text: string) => void, depth = 0): void {
  if (depth > 64) return;
  if (typeof value === "string") found(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, found, depth + 1);
  else if (value !== null && typeof value === "object") for (const item of Object.values(value)) collectStrings(item, found, depth + 1);
}

function mapStrings(value: unknown, map: (text: string) => string, depth = 0): unknown {
  if (typeof value === "string") return map(value);
  if (depth > 64) return "[too deep]";
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map, depth + 1));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = mapStrings(item, map, depth + 1);
    return out;
  }
  return value;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
