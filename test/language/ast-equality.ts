/**
 * AST equality modulo layout: a copy of the tree without spans (`span`, `effectSpan`,
 * `versionSpan`), without comments (their positions move when formatting), and without `raw`
 * on block strings (the formatter re-indents them; their `parts` — the dedented text the
 * compiler hashes — must stay equal). Numbers keep `raw`: the author's spelling is kept.
 */
export function stripSpans(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripSpans);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  const record = node as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key === "span" || key === "effectSpan" || key === "versionSpan" || key === "comments") continue;
    if (key === "raw" && record["kind"] === "TemplateString" && record["block"] === true) continue;
    out[key] = stripSpans(record[key]);
  }
  return out;
}
