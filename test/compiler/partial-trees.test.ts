/**
 * No rule throws on a partial tree. Every fixture (diagnostic and parser-recovery ones) is
 * cut at many points and each prefix — and the prefix with one line dropped — is checked
 * with EVERY rule, including the ones the phase gate would skip after syntax errors.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "../../language/parse.ts";
import { checkFile, checkSource } from "../../compiler/check.ts";
import { FIXTURES, fixturePaths } from "./fixture-support.ts";

const RECOVERY = join(import.meta.dirname, "..", "language", "fixtures", "recovery");

function texts(): { name: string; text: string }[] {
  const out = fixturePaths()
    .filter((p) => !p.includes("AGC1005"))
    .map((p) => ({ name: p, text: readFileSync(join(FIXTURES, p), "utf8") }));
  for (const name of readdirSync(RECOVERY).filter((f) => f.endsWith(".agent"))) out.push({ name, text: readFileSync(join(RECOVERY, name), "utf8") });
  return out;
}

function allRules(path: string, text: string): void {
  const result = parse(path, text);
  // Pretend the file parsed cleanly so that the gated rules run on the partial tree too.
  const file = { path, absolutePath: `/${path}`, relativePath: path, parse: { ...result, diagnostics: [] }, entry: true, imports: [] };
  checkFile(file, []);
}

describe("rules on partial trees", () => {
  for (const { name, text } of texts()) {
    it(name, () => {
      const lines = text.split("\n");
      const step = Math.max(1, Math.floor(text.length / 60));
      for (let cut = 0; cut <= text.length; cut += step) {
        expect(() => allRules(name, text.slice(0, cut))).not.toThrow();
      }
      for (let drop = 0; drop < lines.length; drop++) {
        const text2 = [...lines.slice(0, drop), ...lines.slice(drop + 1)].join("\n");
        expect(() => allRules(name, text2)).not.toThrow();
        expect(() => checkSource(name, text2, { root: FIXTURES })).not.toThrow();
      }
    });
  }
});
