/** Every registry code has a page in docs/diagnostics/, every page a code, and each page says what it means, shows an example and how to fix it. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DIAGNOSTIC_CODES } from "../../language/diagnostics/codes.ts";

const DOCS = join(import.meta.dirname, "..", "..", "docs", "diagnostics");
const pages = readdirSync(DOCS).filter((f) => f.endsWith(".md")).map((f) => f.replace(/\.md$/, ""));
const codes = Object.keys(DIAGNOSTIC_CODES);

describe("docs/diagnostics", () => {
  it("has a page for every code", () => {
    expect(codes.filter((c) => !pages.includes(c))).toEqual([]);
  });
  it("has no page without a code", () => {
    expect(pages.filter((p) => !codes.includes(p))).toEqual([]);
  });
  for (const code of codes.filter((c) => pages.includes(c))) {
    it(`${code} has a title, severity, meaning, example and fix`, () => {
      const page = readFileSync(join(DOCS, `${code}.md`), "utf8");
      const title = DIAGNOSTIC_CODES[code as keyof typeof DIAGNOSTIC_CODES].title;
      expect(page.startsWith(`# ${code}: ${title}\n`)).toBe(true);
      expect(page).toMatch(/\*\*Severity:\*\* (error|warning)/);
      for (const section of ["## Example", "## How to fix it"]) expect(page).toContain(section);
      expect(page.indexOf("## Example")).toBeGreaterThan(page.indexOf("**Severity:**") + 40); // a paragraph says what it means
    });
  }
});
