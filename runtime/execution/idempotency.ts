import { createHash } from "node:crypto";
import { readPath } from "../contract.ts";
import { stableJson } from "./stable-json.ts";

/** What the store keeps for a key: the first successful, contract-valid result. */
export interface IdempotencyRecord {
  readonly tool: string;
  /** sha256 of the stable JSON of the full validated input: detects a reused key. */
  readonly argsHash: string;
  readonly value: unknown;
  /** Epoch ms when stored. */
  readonly storedAt: number;
}

/**
 * Where first results live. Sync or async, so a durable store (issue 5: sqlite, a service's
 * own database) fits the same shape. `put` is only called for successes.
 */
export interface IdempotencyStore {
  get(key: string): IdempotencyRecord | undefined | Promise<IdempotencyRecord | undefined>;
  put(key: string, record: IdempotencyRecord): void | Promise<void>;
}

/** A process-local store: for development, tests and single-process services. */
export function createMemoryIdempotencyStore(): IdempotencyStore & { readonly size: number } {
  const records = new Map<string, IdempotencyRecord>();
  return {
    get: (key) => records.get(key),
    put: (key, record) => {
      if (!records.has(key)) records.set(key, record); // first result wins
    },
    get size() {
      return records.size;
    },
  };
}

export interface KeyParts {
  readonly sessionId: string;
  readonly state: string;
  readonly tool: string;
  /** The validated input; the key fields are read from it. */
  readonly input: unknown;
  /** Declared key paths, relative to the input (`orderId`, `customer.id`). */
  readonly paths: readonly (readonly string[])[];
}

/**
 * The deterministic key: sha256 (hex) of the stable JSON of
 * `[sessionId, state, tool, [value at each key path, in declared order]]`.
 */
export function idempotencyKey(parts: KeyParts): string {
  const values = parts.paths.map((path) => readPath({ input: parts.input, results: {} }, ["input", ...path]));
  return sha256(stableJson([parts.sessionId, parts.state, parts.tool, values]));
}

export function argsHash(input: unknown): string {
  return sha256(stableJson(input));
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
