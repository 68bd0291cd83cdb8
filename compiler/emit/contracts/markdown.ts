/**
 * Markdown pieces shared by the contract and runbook emitters: tables with escaped cells,
 * inline code, and the units the IR stores (ms, USD) written the way authors write them.
 */

/** A GitHub-flavoured table; cells are escaped so `|`, newlines and HTML cannot break it. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(" | ")} |`;
  return [line(header), `|${header.map(() => "---").join("|")}|`, ...rows.map(line)].join("\n");
}

function cell(text: string): string {
  return text.replace(/\r\n|\r|\n/g, " ").replace(/\|/g, "\\|");
}

/** Inline code that survives backticks inside (CommonMark: a longer fence). */
export function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Plain text in Markdown: characters that would start markup are escaped (`|` is the table's job). */
export function text(value: string): string {
  return value.replace(/\r\n|\r|\n/g, " ").replace(/([\\`*_[\]<>#])/g, "\\$1");
}

/** A duration as the language writes it: 200ms, 3s, 5m, 24h, 2d (the largest exact unit). */
export function duration(ms: number): string {
  const units: readonly [string, number][] = [["d", 86_400_000], ["h", 3_600_000], ["m", 60_000], ["s", 1000]];
  for (const [unit, size] of units) if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

/** USD with as many decimals as the value needs (at least two): 0.40 usd, 0.0002 usd. */
export function usd(amount: number): string {
  return `${money(amount)} usd`;
}

export function money(amount: number): string {
  if (amount === 0) return "0.00";
  const fixed = amount.toFixed(Math.max(2, Math.min(10, 2 - Math.floor(Math.log10(Math.abs(amount))) + 2)));
  // trim zeros beyond two decimals
  return fixed.replace(/(\.\d\d\d*?)0+$/, "$1");
}

/** 1234567 → 1,234,567 (locale-independent). */
export function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** "a, b and c" */
export function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
