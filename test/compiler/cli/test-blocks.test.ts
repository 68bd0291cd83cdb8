/** `agentc test` runs an agent's `test` blocks alongside the properties: every reporter shows them, and a failing one fails the run. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { agentc } from "./run-cli.ts";

const temp = mkdtempSync(join(tmpdir(), "agentc-test-blocks-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const ECHO = (expected: string) => `agent Echo "Greets." {
  version 1
  input { name: string }
  output { reply: string }
  budget tokens 1000, cost 1 usd, steps 4, time 60s
  escalation ops "Operations."
  tool peek "Read a number." {
    input { n: string }
    output { m: number }
    effects read
  }
  start hello
  state hello "Greet." {
    call peek { n: input.name } as p
    on error -> escalate ops "peek failed"
    -> reply "Hello {{ input.name }}."
  }
  test "greets by name" {
    input { name: "Ada" }
    tool peek { m: 1 }
    expect path [hello]
    expect reply { reply: "${expected}" }
  }
}
`;

function project(name: string, expected: string): string {
  const dir = join(temp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "echo.agent"), ECHO(expected));
  writeFileSync(join(dir, "package.json"), "{}");
  return dir;
}

describe("agentc test with test blocks", () => {
  it("reports a passing test block in every reporter and exits 0", () => {
    const dir = project("pass", "Hello Ada.");
    const human = agentc(["test", "echo.agent", "--runs", "5", "--seed", "1"], { cwd: dir });
    expect(human.stdout).toMatch(/✓ test "greets by name"\n/);
    expect(human.stdout).toMatch(/1 test\(s\) pass/);
    expect(human.status).toBe(0);
    const json = agentc(["test", "echo.agent", "--runs", "5", "--seed", "1", "--reporter", "json"], { cwd: dir });
    const doc = JSON.parse(json.stdout) as { passed: boolean; properties: { property: string }[]; tests: unknown[] };
    expect(doc.passed).toBe(true);
    expect(doc.tests).toEqual([{ test: "greets by name", agent: "Echo", passed: true, message: null, path: ["hello"] }]);
    expect(doc.properties.every((p) => !p.property.startsWith("test"))).toBe(true);
    expect(json.status).toBe(0);
  }, 60_000);

  it("fails (exit 1) on a failing test block, saying why, in every reporter", () => {
    const dir = project("fail", "Hi Ada.");
    const human = agentc(["test", "echo.agent", "--runs", "5", "--seed", "1"], { cwd: dir });
    expect(human.stdout).toContain('✗ test "greets by name"\n      reply.reply: expected "Hi Ada.", got "Hello Ada."\n');
    expect(human.stdout).toMatch(/1 of 1 test\(s\) failed/);
    expect(human.status).toBe(1);
    const json = agentc(["test", "echo.agent", "--runs", "5", "--seed", "1", "--reporter", "json"], { cwd: dir });
    expect(JSON.parse(json.stdout)).toMatchObject({ passed: false, tests: [{ test: "greets by name", passed: false, message: 'reply.reply: expected "Hi Ada.", got "Hello Ada."' }] });
    expect(json.status).toBe(1);
    const junit = agentc(["test", "echo.agent", "--runs", "5", "--seed", "1", "--reporter", "junit"], { cwd: dir });
    expect(junit.stdout).toMatch(/<testsuite name="Echo" tests="11" failures="1"/);
    expect(junit.stdout).toContain('<testcase classname="Echo" name="test: greets by name"><failure message="reply.reply: expected &quot;Hi Ada.&quot;, got &quot;Hello Ada.&quot;">');
    expect(junit.status).toBe(1);
  }, 60_000);
});
