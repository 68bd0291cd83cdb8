/**
 * `agentc build`: goldens of every artifact for the example agents (the committed
 * docs/agents/ tree; `UPDATE_BASELINES=1` rewrites it), determinism, and every refusal the
 * issue names — each one a clear error with nothing half-written.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { computeCostBound } from "../../compiler/analysis/cost-bound.ts";
import { build, emitAgent } from "../../compiler/build.ts";
import { checkFiles } from "../../compiler/check.ts";
import { kebabName } from "../../compiler/emit/docs-site/index.ts";
import { lowerAgent } from "../../compiler/ir/lower.ts";
import { LockfileError } from "../../compiler/prompt-lock.ts";
import { assertOutsideSources, OutputError } from "../../compiler/write-outputs.ts";
import { expectBaseline } from "../support/baseline.ts";

const repo = join(import.meta.dirname, "..", "..");
const agentsDir = join(repo, "agents");
const agentFiles = readdirSync(agentsDir)
  .filter((f) => f.endsWith(".agent"))
  .map((f) => join(agentsDir, f))
  .sort();

function tree(dir: string, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) for (const [p, c] of tree(join(dir, entry.name), path)) out.set(p, c);
    else out.set(path, readFileSync(join(dir, entry.name), "utf8"));
  }
  return out;
}

/** A workspace in a temp folder with one agent file; returns its paths. */
function workspace(files: Record<string, string>): { root: string; out: string } {
  const root = mkdtempSync(join(tmpdir(), "agentc-build-"));
  writeFileSync(join(root, "package.json"), "{}");
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, ".."), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return { root, out: join(root, "out") };
}

const small = (name: string, prompt = "Say hello to {{ input.who }}.", version = 1): string => `agent ${name} "Greets." {
  version 1
  input { who: string }
  output { reply: string }
  model primary "openai:gpt-4.1-mini" maxTokens 100
  escalation ops "Operations."
  prompt greet v${version} "${prompt}"
  start hello
  state hello "Greets." {
    ask greet as greeting: { text: string }
    -> reply "{{ greeting.text }}"
  }
}
`;

describe("build goldens for agents/ (docs/agents/)", () => {
  const checked = checkFiles(agentFiles, { root: repo });
  it("the example agents check clean", () => {
    expect(checked.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  });
  for (const agent of checked.agents) {
    it(`${agent.name}: every artifact matches docs/agents/${kebabName(agent.name)}/`, () => {
      const ir = lowerAgent(agent);
      const files = emitAgent(ir, computeCostBound(ir));
      expect([...files.keys()]).toContain("machine.ts");
      for (const [path, content] of files) expectBaseline(join(repo, "docs", "agents", kebabName(agent.name), ...path.split("/")), String(content));
    });
  }
  it("`build --check` finds docs/agents/ and agentc.lock.json up to date (no extra files either)", () => {
    const result = build(agentFiles, { root: repo, out: join(repo, "docs", "agents"), check: true });
    expect(result.stale).toEqual([]);
    expect(result.lockAdded).toEqual([]);
    expect(result.refused).toEqual([]);
  });
});

describe("build", () => {
  it("is deterministic: two builds into different folders are byte-identical", () => {
    const a = mkdtempSync(join(tmpdir(), "agentc-build-a-"));
    const b = mkdtempSync(join(tmpdir(), "agentc-build-b-"));
    const lockRoot = mkdtempSync(join(tmpdir(), "agentc-build-root-"));
    cpSync(agentsDir, join(lockRoot, "agents"), { recursive: true });
    const files = agentFiles.map((f) => join(lockRoot, "agents", f.slice(agentsDir.length + 1)));
    build(files, { root: lockRoot, out: a });
    build(files, { root: lockRoot, out: b });
    const left = tree(a);
    expect(left.size).toBeGreaterThan(10);
    expect(tree(b)).toEqual(left);
    for (const content of left.values()) {
      expect(content).not.toContain(lockRoot);
      expect(content).not.toMatch(/20\d\d-\d\d-\d\dT\d\d:\d\d/);
    }
  });

  it("refuses an agent with errors (same diagnostics as check) and still builds the others", () => {
    const { root, out } = workspace({ "good.agent": small("Good"), "bad.agent": small("Bad").replace("start hello", "start nowhere") });
    const result = build([join(root, "bad.agent"), join(root, "good.agent")], { root, out });
    expect(result.refused).toEqual(["Bad"]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(checkFiles([join(root, "bad.agent")], { root }).diagnostics.map((d) => d.code));
    expect(existsSync(join(out, "good"))).toBe(true);
    expect(existsSync(join(out, "bad"))).toBe(false);
  });

  it("two agents with one name: AGC2019 and neither is built", () => {
    const { root, out } = workspace({ "a.agent": small("Twin"), "b.agent": small("Twin") });
    const result = build([join(root, "a.agent"), join(root, "b.agent")], { root, out });
    expect(result.diagnostics.map((d) => d.code)).toContain("AGC2019");
    expect(result.agents).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });

  it("records prompt versions and rejects changed text under an unchanged version (AGC4004), keeping the old output", () => {
    const { root, out } = workspace({ "a.agent": small("Greeter") });
    const first = build([join(root, "a.agent")], { root, out });
    expect(first.lockAdded).toEqual(["Greeter.greet v1"]);
    const machine = readFileSync(join(out, "greeter", "machine.ts"), "utf8");
    writeFileSync(join(root, "a.agent"), small("Greeter", "Say hi to {{ input.who }}."));
    const changed = build([join(root, "a.agent")], { root, out });
    expect(changed.diagnostics.map((d) => [d.code, d.severity])).toEqual([["AGC4004", "error"]]);
    expect(changed.refused).toEqual(["Greeter"]);
    expect(readFileSync(join(out, "greeter", "machine.ts"), "utf8")).toBe(machine);
    writeFileSync(join(root, "a.agent"), small("Greeter", "Say hi to {{ input.who }}.", 2));
    const bumped = build([join(root, "a.agent")], { root, out });
    expect(bumped.diagnostics).toEqual([]);
    expect(bumped.lockAdded).toEqual(["Greeter.greet v2"]);
    const lock = JSON.parse(readFileSync(join(root, "agentc.lock.json"), "utf8"));
    expect(Object.keys(lock.agents.Greeter.greet)).toEqual(["v1", "v2"]);
  });

  it("a corrupt lockfile is a one-line error and nothing is written", () => {
    const { root, out } = workspace({ "a.agent": small("Greeter"), "agentc.lock.json": "{ nope" });
    expect(() => build([join(root, "a.agent")], { root, out })).toThrow(LockfileError);
    expect(existsSync(out)).toBe(false);
  });

  it("--check reports missing, changed and extra generated files", () => {
    const { root, out } = workspace({ "a.agent": small("Greeter") });
    expect(build([join(root, "a.agent")], { root, out, check: true }).stale.map((s) => s.reason)).toContain("missing");
    build([join(root, "a.agent")], { root, out });
    expect(build([join(root, "a.agent")], { root, out, check: true }).stale).toEqual([]);
    writeFileSync(join(out, "greeter", "runbook.md"), "edited by hand\n");
    writeFileSync(join(out, "greeter", "notes.txt"), "stray\n");
    const stale = build([join(root, "a.agent")], { root, out, check: true }).stale;
    expect(stale).toEqual([
      { path: "greeter/notes.txt", reason: "extra" },
      { path: "greeter/runbook.md", reason: "changed" },
    ]);
  });

  it("--out inside a source folder is refused", () => {
    expect(() => assertOutsideSources("/w/agents/out", ["/w/agents"])).toThrow(OutputError);
    expect(() => assertOutsideSources("/w/agents", ["/w/agents"])).toThrow(/inside the source folder/);
    expect(() => assertOutsideSources("/w/build", ["/w/agents"])).not.toThrow();
  });

  it.skipIf(process.getuid?.() === 0)("an unwritable --out is a one-line OutputError", () => {
    const { root, out } = workspace({ "a.agent": small("Greeter") });
    mkdirSync(out);
    chmodSync(out, 0o500);
    expect(() => build([join(root, "a.agent")], { root, out })).toThrow(/cannot write .*permission denied/);
  });

  it("an --out path through a file is a one-line OutputError (also as root)", () => {
    const { root } = workspace({ "a.agent": small("Greeter"), "file.txt": "x" });
    expect(() => build([join(root, "a.agent")], { root, out: join(root, "file.txt", "out") })).toThrow(OutputError);
  });
});

describe("agentc build (CLI)", () => {
  const cli = (args: string[], cwd: string) =>
    spawnSync(process.execPath, [join(repo, "bin", "agentc.js"), ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

  it("builds, then --check passes; a hand edit makes --check exit 1 naming the file", () => {
    const { root } = workspace({ "agents/a.agent": small("Greeter") });
    const built = cli(["build", "agents", "--out", "gen"], root);
    expect(built.stderr).toBe("");
    expect(built.status).toBe(0);
    expect(built.stdout).toContain("built 1 agent(s) into gen");
    expect(cli(["build", "agents", "--out", "gen", "--check"], root).status).toBe(0);
    writeFileSync(join(root, "gen", "greeter", "flowchart.mmd"), "flowchart TD\n");
    const check = cli(["build", "agents", "--out", "gen", "--check"], root);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain("stale: gen/greeter/flowchart.mmd (changed)");
  });

  it("usage errors are one line and exit 2: --out inside the sources, a corrupt lockfile", () => {
    const { root } = workspace({ "agents/a.agent": small("Greeter") });
    const inside = cli(["build", "agents", "--out", "agents/gen"], root);
    expect(inside.status).toBe(2);
    expect(inside.stderr.trim().split("\n")).toHaveLength(1);
    writeFileSync(join(root, "agentc.lock.json"), "[]");
    const corrupt = cli(["build", "agents", "--out", "gen"], root);
    expect(corrupt.status).toBe(2);
    expect(corrupt.stderr).toMatch(/^error: agentc.lock.json is corrupt: expected an object/);
    expect(existsSync(join(root, "gen"))).toBe(false);
  });

  it("an agent with errors exits 1 with the checker's diagnostics and writes nothing for it", () => {
    const { root } = workspace({ "agents/a.agent": small("Greeter").replace("-> reply", "-> nowhere") });
    const result = cli(["build", "agents", "--out", "gen"], root);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("error[AGC2001]");
    expect(existsSync(join(root, "gen", "greeter"))).toBe(false);
  });

  it("`agentc docs` writes an index and a page per agent with a local Mermaid, and refuses --out inside the sources", () => {
    const { root } = workspace({ "agents/a.agent": small("Greeter"), "agents/b.agent": small("Welcomer") });
    const result = cli(["docs", "agents", "--out", "site"], root);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(readdirSync(join(root, "site", "agents")).sort()).toEqual(["greeter.html", "welcomer.html"]);
    expect(existsSync(join(root, "site", "assets", "mermaid.min.js"))).toBe(true);
    const page = readFileSync(join(root, "site", "agents", "greeter.html"), "utf8");
    expect(page).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    expect(cli(["docs", "agents", "--out", "agents/site"], root).status).toBe(2);
  });

  it("`agentc prompts diff` shows how a prompt change renders; outside git it is one line and exit 2", () => {
    const { root } = workspace({ "agents/a.agent": small("Greeter").replace('start hello', 'example "ana" { who: "Ana" }\n  start hello') });
    const outside = cli(["prompts", "diff", "agents/a.agent"], root);
    expect(outside.status).toBe(2);
    expect(outside.stderr.trim().split("\n")).toHaveLength(1);
    const git = (...args: string[]) => spawnSync("git", args, { cwd: root });
    git("init", "-q");
    git("add", ".");
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "x");
    writeFileSync(join(root, "agents", "a.agent"), readFileSync(join(root, "agents", "a.agent"), "utf8").replace("Say hello to", "Say hi to").replace("greet v1", "greet v2"));
    const diff = cli(["prompts", "diff", "agents/a.agent"], root);
    expect(diff.status).toBe(0);
    expect(diff.stdout).toContain("-Say hello to Ana.");
    expect(diff.stdout).toContain("+Say hi to Ana.");
  });
});
