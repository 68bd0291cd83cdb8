import { chmodSync, cpSync, lstatSync, symlinkSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { format } from "../../../language/printer.ts";
import { parse } from "../../../language/parse.ts";
import { agentc, FIXTURES } from "./run-cli.ts";

const temp = mkdtempSync(join(tmpdir(), "agentc-fmt-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(temp, "case-"));
  cpSync(join(FIXTURES, "unformatted"), join(work, "unformatted"), { recursive: true });
  cpSync(join(FIXTURES, "clean"), join(work, "clean"), { recursive: true });
  cpSync(join(FIXTURES, "broken"), join(work, "broken"), { recursive: true });
});

const read = (path: string) => readFileSync(join(work, path), "utf8");

describe("agentc fmt", () => {
  it("--check lists the files that would change, writes nothing and exits 1", () => {
    const before = read("unformatted/greeter.agent");
    const r = agentc(["fmt", "--check", "unformatted", "clean"], { cwd: work });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("would reformat unformatted/greeter.agent\n1 file would be reformatted, 1 unchanged; run `agentc fmt` to fix\n");
    expect(read("unformatted/greeter.agent")).toBe(before);
  });

  it("--check exits 0 on formatted files", () => {
    const r = agentc(["fmt", "--check", "clean"], { cwd: work });
    expect(r).toEqual({ status: 0, stdout: "1 file already formatted\n", stderr: "" });
  });

  it("rewrites files canonically (the printer's output, LF), atomically, keeping the mode", () => {
    const path = join(work, "unformatted/greeter.agent");
    const original = readFileSync(path, "utf8").replace(/\n/g, "\r\n");
    writeFileSync(path, original);
    chmodSync(path, 0o640);
    const r = agentc(["fmt", "unformatted"], { cwd: work });
    expect(r).toEqual({ status: 0, stdout: "reformatted unformatted/greeter.agent\n1 file reformatted\n", stderr: "" });
    const written = read("unformatted/greeter.agent");
    expect(written).toBe(format(parse(path, original)));
    expect(written).not.toContain("\r");
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect(readdirSync(join(work, "unformatted"))).toEqual(["greeter.agent"]); // no temporary file left
    expect(agentc(["fmt", "--check", "unformatted"], { cwd: work }).status).toBe(0);
  });

  it("rewrites the target of a symlink and keeps the link", () => {
    symlinkSync(join(work, "unformatted/greeter.agent"), join(work, "clean/link.agent"));
    expect(agentc(["fmt", "clean/link.agent"], { cwd: work }).status).toBe(0);
    expect(lstatSync(join(work, "clean/link.agent")).isSymbolicLink()).toBe(true);
    expect(agentc(["fmt", "--check", "unformatted"], { cwd: work }).status).toBe(0);
  });

  it("never rewrites a file with syntax errors: reports them and exits 1", () => {
    const before = read("broken/broken.agent");
    for (const args of [["fmt", "broken", "unformatted"], ["fmt", "--check", "broken"]]) {
      const r = agentc(args, { cwd: work });
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/^error\[AGC1004\]: expected a name, found '\{'\n --> broken\/broken\.agent:9:9\n/);
      expect(r.stdout).not.toMatch(/warning\[/); // only what blocks formatting
      expect(r.stdout).toMatch(/1 file not formatted\n$/);
      expect(read("broken/broken.agent")).toBe(before);
    }
    expect(read("unformatted/greeter.agent")).toBe(format(parse("x", readFileSync(join(FIXTURES, "unformatted/greeter.agent"), "utf8"))));
  });

  it("exits 2 for a missing path", () => {
    const r = agentc(["fmt", "nowhere"], { cwd: work });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("error: cannot read nowhere: no such file or directory\n");
  });
});
