import { mkdtempSync, rmSync, symlinkSync, writeFileSync, chmodSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectBaseline } from "../../support/baseline.ts";
import { agentc, expectUsageError, FIXTURES } from "./run-cli.ts";

const temp = mkdtempSync(join(tmpdir(), "agentc-cli-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe("agentc check", () => {
  it("prints only a one-line summary and exits 0 on a clean agent", () => {
    const r = agentc(["check", "clean"]);
    expect(r).toEqual({ status: 0, stdout: "checked 1 file: no problems\n", stderr: "" });
  });

  it("prints errors like rustc, escaping bidi and control characters, and exits 1", () => {
    const r = agentc(["check", "broken/broken.agent"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("");
    expect(r.stdout).not.toMatch(/[\u0000\u202E\t]/);
    expectBaseline(join(FIXTURES, "broken.expected.txt"), r.stdout);
  });

  it("exits 0 with warnings only, and 1 when they exceed --max-warnings", () => {
    const r = agentc(["check", "warning"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^warning\[AGC1009\]: U\+200B ZERO WIDTH SPACE in a string\n  --> warning\/greeter\.agent:12:18\n/);
    expect(r.stdout).toMatch(/\n1 warning in 1 file\n$/);
    expect(agentc(["check", "warning", "--max-warnings", "1"]).status).toBe(0);
    const over = agentc(["check", "warning", "--max-warnings", "0"]);
    expect(over.status).toBe(1);
    expect(over.stdout).toMatch(/too many warnings: 1 \(--max-warnings 0\)\n$/);
  });

  it("prints one JSON document with --format json", () => {
    const r = agentc(["check", "--format", "json", "broken", "clean"]);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(["version", "files", "diagnostics", "summary"]);
    expect(report["version"]).toBe(1);
    expect(report["files"]).toBe(2);
    const diagnostics = report["diagnostics"] as Record<string, unknown>[];
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const d of diagnostics) {
      expect(Object.keys(d)).toEqual(["code", "severity", "message", "file", "range", "span", "related", "help"]);
      expect(d["code"]).toMatch(/^AGC\d{4}$/);
      expect(d["file"]).toBe("broken/broken.agent");
    }
    const nameError = diagnostics.find((d) => d["severity"] === "error" && d["code"] === "AGC1004");
    expect(nameError?.["range"]).toEqual({ start: { line: 8, character: 8 }, end: { line: 8, character: 9 } });
    const summary = report["summary"] as { errors: number; warnings: number };
    expect(summary.errors).toBe(diagnostics.filter((d) => d["severity"] === "error").length);
    expect(summary.warnings).toBe(diagnostics.filter((d) => d["severity"] === "warning").length);
  });

  it("prints a JSON document for a clean run too", () => {
    const r = agentc(["check", "clean", "--format=json"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ version: 1, files: 1, diagnostics: [], summary: { errors: 0, warnings: 0 } });
  });

  it("searches directories recursively, skipping node_modules and dot-folders", () => {
    const dir = join(temp, "walk");
    for (const sub of ["a/b", "node_modules/x", ".hidden", "shared"]) mkdirSync(join(dir, sub), { recursive: true });
    const agent = "agent A {\n}\n";
    writeFileSync(join(dir, "a/b/deep.agent"), agent);
    writeFileSync(join(dir, "node_modules/x/skip.agent"), "garbage ((");
    writeFileSync(join(dir, ".hidden/skip.agent"), "garbage ((");
    writeFileSync(join(dir, "notes.txt"), "garbage ((");
    const r = agentc(["check", "--format", "json", "."], { cwd: dir });
    const report = JSON.parse(r.stdout) as { files: number; diagnostics: { file: string }[] };
    expect(report.files).toBe(1);
    expect(report.diagnostics.filter((d) => /skip|notes/.test(d.file))).toEqual([]);
  });

  it("keeps imports inside the workspace root (--root, else the nearest package.json or .git)", () => {
    const dir = join(temp, "roots");
    mkdirSync(join(dir, "ws", "agents"), { recursive: true });
    writeFileSync(join(dir, "ws", "package.json"), "{}");
    writeFileSync(join(dir, "lib.agent"), 'tool ping "Pings." {\n  input { id: string }\n  output { ok: boolean }\n  effects none\n}\n');
    writeFileSync(join(dir, "ws", "agents", "a.agent"), 'import { ping } from "../../lib.agent"\n');
    const codes = (args: string[], cwd: string) =>
      (JSON.parse(agentc(["check", "--format", "json", ...args], { cwd }).stdout) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code);
    expect(codes(["."], join(dir, "ws", "agents"))).toContain("AGC2013");
    expect(codes(["agents", "--root", ".."], join(dir, "ws"))).not.toContain("AGC2013");
  });

  it("defaults to the current folder", () => {
    const r = agentc(["check"], { cwd: join(FIXTURES, "clean") });
    expect(r).toEqual({ status: 0, stdout: "checked 1 file: no problems\n", stderr: "" });
  });

  it("exits 2 with one line for a missing path", () => {
    expectUsageError(agentc(["check", "clean", "no-such-file.agent"]), /^error: cannot read no-such-file\.agent: no such file or directory\n$/);
  });

  it("exits 2 for an unreadable file (a symlink loop, and a dangling link found in a folder)", () => {
    const loop = join(temp, "loop.agent");
    symlinkSync(loop, loop);
    expectUsageError(agentc(["check", loop]), /too many levels of symbolic links/);
    const dir = join(temp, "dangling");
    mkdirSync(dir);
    symlinkSync(join(dir, "missing"), join(dir, "gone.agent"));
    expectUsageError(agentc(["check", dir]), /gone\.agent: no such file or directory/);
  });

  it.skipIf(process.getuid?.() === 0)("exits 2 for a file without read permission", () => {
    const file = join(temp, "secret.agent");
    writeFileSync(file, "agent A {}");
    chmodSync(file, 0o000);
    expectUsageError(agentc(["check", file]), /secret\.agent: permission denied/);
  });

  it("exits 2 for a directory with no .agent files", () => {
    expectUsageError(agentc(["check", "empty"]), /^error: no \.agent files in empty\n$/);
  });

  it("exits 2 on usage errors", () => {
    expect(agentc(["check", "--bogus"]).status).toBe(2);
    expect(agentc(["check", "--format", "xml", "clean"]).status).toBe(2);
    expect(agentc(["check", "--max-warnings", "many", "clean"]).status).toBe(2);
    expectUsageError(agentc(["check", "--root", "nowhere", "clean"]), /^error: --root nowhere: no such file or directory\n$/);
    expect(agentc(["frobnicate"]).status).toBe(2);
    expect(agentc([]).status).toBe(2);
  });

  it("accepts --no-color and prints no escape sequences when not on a TTY", () => {
    const r = agentc(["--no-color", "check", "broken"]);
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain("\u001b[");
    expect(agentc(["check", "broken", "--no-color"]).stdout).toBe(r.stdout);
  });

  it("prints help and version with exit 0", () => {
    const help = agentc(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/check \[options\] \[paths\.\.\.\]/);
    expect(agentc(["--version"]).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
