/**
 * JSON with object keys sorted at every depth, so equal values always give equal text
 * (the input to idempotency key and argument hashes). `undefined` becomes `null` wherever it
 * stands (unlike JSON.stringify, which drops it in objects), so a missing key field and an
 * absent one hash alike; non-finite numbers become `null` as in JSON.
 */
export function stableJson(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (typeof value === "number") return Number.isFinite(value) ? JSON.stringify(value) : "null";
  if (typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
  if (typeof value === "bigint") return JSON.stringify(value.toString());
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === "object") {
    const keys = Object.keys(value).sort();
    const record = value as Record<string, unknown>;
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(record[k])}`).join(",")}}`;
  }
  return "null";
}
