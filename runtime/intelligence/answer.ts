/** Checking a model's answer: JSON text → value → the step's schema, with value-free problems. */
import type { Schema } from "../contract.ts";
import { formatSchemaPath } from "../schema-path.ts";

export type Checked = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: string };

/** Parses `text` as JSON (a fenced ```json block is accepted) and validates it. */
export function checkAnswerText(schema: Schema, text: string): Checked {
  const json = unfence(text.trim());
  if (json === "") return { ok: false, problem: "the answer is empty; expected a JSON object" };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { ok: false, problem: "the answer is not valid JSON" };
  }
  return checkAnswerValue(schema, value);
}

/** Validates an already parsed value (e.g. the answer tool's input). */
export function checkAnswerValue(schema: Schema, value: unknown): Checked {
  let result: ReturnType<Schema["safeParse"]>;
  try {
    result = schema.safeParse(value);
  } catch {
    return { ok: false, problem: "(root): validation threw" };
  }
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problem: describeIssues(result.error) };
}

function unfence(text: string): string {
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/u.exec(text);
  return fenced?.[1]?.trim() ?? text;
}

/** `<path>: <issue>` for up to three issues; never the offending value (it may be PII). */
function describeIssues(error: unknown): string {
  const issues = error !== null && typeof error === "object" && Array.isArray((error as { issues?: unknown }).issues) ? (error as { issues: unknown[] }).issues : [];
  if (issues.length === 0) return "(root): does not match the schema";
  const shown = issues.slice(0, 3).map((issue) => {
    const { path, message } = issue as { path?: unknown; message?: unknown };
    return `${Array.isArray(path) ? formatSchemaPath(path) : "(root)"}: ${typeof message === "string" ? message : "does not match the schema"}`;
  });
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : "";
  return shown.join("; ") + more;
}
