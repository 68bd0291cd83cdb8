/**
 * One fixture per diagnostic code: `fixtures/<CODE>-<slug>.agent` (or under `fixtures/agents/`
 * for rules about the agents folder) with the WHOLE expected diagnostic list beside it in
 * `<same>.diagnostics.txt`. `UPDATE_BASELINES=1` rewrites the baselines; review them.
 * Files in `fixtures/lib/` are imported by fixtures and are not fixtures themselves.
 */
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { DIAGNOSTIC_CODES } from "../../language/diagnostics/codes.ts";
import { expectBaseline } from "../support/baseline.ts";
import { FIXTURES, fixturePaths, formatDiagnostics, runFixture } from "./fixture-support.ts";

describe("diagnostic fixtures", () => {
  const paths = fixturePaths();
  for (const path of paths) {
    it(path, () => {
      const result = runFixture(path);
      const text = formatDiagnostics(result.diagnostics, result.sources);
      expectBaseline(join(FIXTURES, path.replace(/\.agent$/, ".diagnostics.txt")), text);
      const code = /AGC\d{4}/.exec(path)![0];
      expect(result.diagnostics.map((d) => d.code), `${path} reports its own code`).toContain(code);
    });
  }

  // 4xxx codes come from the build (cost bounds, prompt lockfile), not from `check`.
  it("there is a fixture for every code that check reports (1xxx-3xxx)", () => {
    const covered = new Set(paths.map((p) => /AGC\d{4}/.exec(p)![0]));
    expect(Object.keys(DIAGNOSTIC_CODES).filter((code) => code < "AGC4000" && !covered.has(code))).toEqual([]);
  });

  it("fixtures name only registered codes", () => {
    expect(paths.filter((p) => !Object.hasOwn(DIAGNOSTIC_CODES, /AGC\d{4}/.exec(p)![0])).map((p) => relative(FIXTURES, p))).toEqual([]);
  });
});
