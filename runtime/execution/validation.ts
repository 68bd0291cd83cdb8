import type { Schema } from "../contract.ts";
import { formatSchemaPath } from "../schema-path.ts";

export type Checked = { readonly ok: true; readonly data: unknown } | { readonly ok: false; readonly problem: string };

/**
 * Validates `value` with a contract schema (anything with zod's `safeParse`). On success the
 * PARSED data is what travels on (undeclared fields stripped). On failure, `problem` is
 * `<path>: <issue>` of the first issue — never the offending value, which may be garbage or PII.
 */
export function check(schema: Schema, value: unknown): Checked {
  let result: ReturnType<Schema["safeParse"]>;
  try {
    result = schema.safeParse(value);
  } catch (error) {
    // A throwing refinement or getter in the value: still a contract violation, not a crash.
    return { ok: false, problem: `(root): validation threw ${describeThrown(error)}` };
  }
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, problem: describeIssues(result.error) };
}

function describeIssues(error: unknown): string {
  const issues = error !== null && typeof error === "object" && Array.isArray((error as { issues?: unknown }).issues) ? ((error as { issues: unknown[] }).issues) : [];
  const first = issues[0] as { path?: unknown; message?: unknown } | undefined;
  if (first === undefined) return "(root): does not match the schema";
  const path = Array.isArray(first.path) ? formatSchemaPath(first.path) : "(root)";
  const message = typeof first.message === "string" ? first.message : "does not match the schema";
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  return `${path}: ${message}${more}`;
}


/** A short, value-free description of something thrown. */
export function describeThrown(thrown: unknown): string {
  try {
    if (thrown instanceof Error) return thrown.message === "" ? thrown.name : truncate(String(thrown.message));
    return `a non-Error value (${thrown === null ? "null" : typeof thrown})`;
  } catch {
    return "an Error whose message cannot be read"; // a hostile getter or proxy
  }
}

function truncate(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
