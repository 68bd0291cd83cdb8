/** The TextMate grammar scopes the fixtures as their `// SYNTAX TEST` assertions say (vscode-tmgrammar-test). */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const fixtures = join(root, "test", "vscode-extension", "fixtures", "grammar");
const runner = join(dirname(createRequire(import.meta.url).resolve("vscode-tmgrammar-test/package.json")), "dist", "unit.js");

describe("TextMate grammar", () => {
  const files = readdirSync(fixtures).filter((f) => f.endsWith(".agent"));

  it("has fixtures", () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  for (const file of files) {
    it(`scopes ${file} as its assertions say`, () => {
      const result = spawnSync(process.execPath, [runner, "-g", join(root, "vscode-extension", "syntaxes", "agent.tmLanguage.json"), join(fixtures, file)], { encoding: "utf8", timeout: 60_000 });
      expect(result.stdout + result.stderr).toMatch(/run successfuly/);
      expect(result.status, result.stdout + result.stderr).toBe(0);
    });
  }
});
