/**
 * Text that is safe inside a quoted Mermaid label. Mermaid 11 turns `#name;` and `#123;`
 * into HTML entities before it parses (its `encodeEntities` placeholders are `ﬂ°…¶ß`), so
 * every character that could end the quote (`"`), end an edge label (`|`), start markup
 * (`<`, `>`, `&`, a leading backtick for Markdown strings), look like an entity (`#`, `;`)
 * or forge one of those placeholders (`ﬂ`, `¶`) is written as an entity code; everything
 * else, Unicode included, stays readable in the `.mmd` file.
 *
 * Mermaid decodes its placeholders twice when it renders (once on the label, once on the
 * whole SVG), so text that itself reads `ﬂ°` or `¶ß` would still turn into `&` or `;` on the
 * page: those two pairs get an invisible U+2060 WORD JOINER between their characters.
 */

const ENTITY: ReadonlyMap<string, string> = new Map([
  ['"', "#quot;"],
  ["&", "#amp;"],
  ["<", "#lt;"],
  [">", "#gt;"],
  ["|", "#124;"],
  ["#", "#35;"],
  [";", "#59;"],
  ["`", "#96;"],
  ["ﬂ", "#64258;"],
  ["¶", "#182;"],
  ["\u2060", "#8288;"],
]);

/** One line of label text: whitespace runs (newlines too) become one space, ends trimmed. */
export function oneLine(text: string): string {
  return text.replace(/\s+/gu, " ").trim();
}

/** Escapes label text (already one line) for use between Mermaid quotes. */
export function escapeLabel(text: string): string {
  let out = "";
  for (const ch of text.replace(/ﬂ(?=°)/gu, "ﬂ\u2060").replace(/¶(?=ß)/gu, "¶\u2060")) out += ENTITY.get(ch) ?? ch;
  return out;
}

/** At most `max` code points; longer text ends with an ellipsis. */
export function shorten(text: string, max: number): string {
  const points = [...text];
  return points.length <= max ? text : `${points.slice(0, max - 1).join("").trimEnd()}…`;
}
