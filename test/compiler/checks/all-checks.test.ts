/** all-checks.ts lists every rule file once; every rule has a test of the same name and opens with a one-sentence doc comment. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_CHECKS } from "../../../compiler/checks/all-checks.ts";

const CHECKS = join(import.meta.dirname, "..", "..", "..", "compiler", "checks");
const SUPPORT = new Set(["all-checks", "context"]);
const ruleFiles = readdirSync(CHECKS).filter((f) => f.endsWith(".ts")).map((f) => f.replace(/\.ts$/, "")).filter((f) => !SUPPORT.has(f)).sort();

describe("all-checks", () => {
  it("lists every rule file exactly once, named as its file", () => {
    expect(ALL_CHECKS.map((r) => r.name).sort()).toEqual(ruleFiles);
  });
  it("has a test per rule", () => {
    const tests = new Set(readdirSync(import.meta.dirname).filter((f) => f.endsWith(".test.ts")).map((f) => f.replace(/\.test\.ts$/, "")));
    expect(ruleFiles.filter((r) => !tests.has(r))).toEqual([]);
  });
  it("opens each rule with a one-sentence doc comment", () => {
    const bad = ruleFiles.filter((r) => !/^\/\*\* [^\n]+\. \*\/\n/.test(readFileSync(join(CHECKS, `${r}.ts`), "utf8")));
    expect(bad).toEqual([]);
  });
});
