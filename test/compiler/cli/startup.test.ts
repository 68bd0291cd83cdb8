/** `agentc check` must start fast: it may not load the heavy dependencies later commands need. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { BIN, FIXTURES } from "./run-cli.ts";

const temp = mkdtempSync(join(tmpdir(), "agentc-startup-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function loadedBy(args: string[]): string[] {
  const log = join(temp, `${args[0]}.log`);
  const r = spawnSync(process.execPath, ["--import", join(FIXTURES, "record-imports.mjs"), BIN, ...args], {
    cwd: FIXTURES,
    env: { ...process.env, AGENTC_IMPORT_LOG: log },
    encoding: "utf8",
  });
  expect(r.stderr).toBe("");
  return readFileSync(log, "utf8").trim().split("\n");
}

const HEAVY = /ts-morph|mermaid|playwright|jsdom|\/node_modules\/ai\/|@ai-sdk|node:sqlite|xstate|zod|@opentelemetry/;

it("check loads none of ts-morph, mermaid, the AI SDK, sqlite, xstate or zod", () => {
  const loaded = loadedBy(["check", "clean"]);
  expect(loaded.some((url) => url.includes("chevrotain"))).toBe(true); // the log works
  expect(loaded.filter((url) => HEAVY.test(url))).toEqual([]);
});

it("explain does not even load the parser", () => {
  const loaded = loadedBy(["explain", "AGC2003"]);
  expect(loaded.filter((url) => url.includes("chevrotain") || HEAVY.test(url))).toEqual([]);
});
