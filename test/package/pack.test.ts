/**
 * The published package works: `npm pack` (which builds dist/ through `prepack`), install the
 * tarball into an empty folder, then run `npx agentc check` there, import `agentc` and
 * `agentc/runtime`, and type-check a consumer against the shipped .d.ts files.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const temp = mkdtempSync(join(tmpdir(), "agentc-pack-"));
const app = join(temp, "app");
// Children get this Node (24) first on PATH, as npm scripts do; npm itself may run on another.
const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env["PATH"] ?? ""}`, NO_COLOR: "1" };
const npm = (args: string[], cwd: string) => execFileSync("npm", args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

beforeAll(() => {
  npm(["pack", "--pack-destination", temp, "--silent"], repo);
  const tarball = readdirSync(temp).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack wrote no tarball");
  mkdirSync(join(app, "agents"), { recursive: true });
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  npm(["install", join(temp, tarball), "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], app);
}, 240_000);
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe("the packed package", () => {
  it("ships dist, bin, the diagnostic pages, and no TypeScript sources or tests", () => {
    const pkg = join(app, "node_modules", "agentc");
    const files = readdirSync(pkg, { recursive: true }).map(String);
    expect(files).toContain(join("bin", "agentc.js"));
    expect(files).toContain(join("dist", "compiler", "cli", "main.js"));
    expect(files).toContain(join("dist", "compiler", "index.d.ts"));
    if (existsSync(join(repo, "docs/diagnostics/AGC2003.md"))) expect(files).toContain(join("docs", "diagnostics", "AGC2003.md"));
    expect(files).toContain(join("corpus", "adversarial.json"));
    expect(files).toContain(join("dist", "runtime", "testing", "index.js"));
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
    expect(files.filter((f) => f.startsWith("test") || f.startsWith("bench"))).toEqual([]);
  });

  it("runs `npx agentc check` in the installing project", () => {
    writeFileSync(join(app, "agents", "greeter.agent"), readFileSync(join(repo, "test/compiler/cli/fixtures/clean/greeter.agent")));
    const ok = spawnSync("npx", ["--no-install", "agentc", "check", "agents"], { cwd: app, env, encoding: "utf8" });
    expect(ok.stdout).toBe("checked 1 file: no problems\n");
    expect(ok.status).toBe(0);

    writeFileSync(join(app, "agents", "broken.agent"), "agent Broken {\n  state {\n}\n");
    const bad = spawnSync("npx", ["--no-install", "agentc", "check", "agents"], { cwd: app, env, encoding: "utf8" });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/^error\[AGC\d{4}\]: .*\n +--> agents\/broken\.agent:\d+:\d+\n/);
    rmSync(join(app, "agents", "broken.agent"));
  });

  it("runs `npx agentc test` with the installed harness and corpus", () => {
    writeFileSync(join(app, "agents", "greeter.agent"), readFileSync(join(repo, "test/compiler/cli/fixtures/clean/greeter.agent")));
    const r = spawnSync("npx", ["--no-install", "agentc", "test", "agents", "--runs", "5", "--seed", "1", "--reporter", "json"], { cwd: app, env, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout).properties).toHaveLength(9);
  });

  it("explains a code from the installed docs", () => {
    const r = spawnSync("npx", ["--no-install", "agentc", "explain", "AGC2003"], { cwd: app, env, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/AGC2003/);
  });

  it("exports `agentc` and `agentc/runtime`", () => {
    const script = [
      'const api = await import("agentc");',
      'const runtime = await import("agentc/runtime");',
      'const r = api.parse("a.agent", "agent   A {}");',
      'const checked = api.checkFiles(["agents/greeter.agent"], { root: process.cwd() });',
      "console.log(JSON.stringify({ kind: r.file.kind, formatted: api.format(r), problems: checked.diagnostics.length, render: typeof api.renderHuman, runtime: typeof runtime.RUNTIME_VERSION }));",
    ].join("\n");
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: app, env, encoding: "utf8" });
    expect(JSON.parse(out)).toEqual({ kind: "AgentFile", formatted: expect.stringMatching(/^agent A \{\n?\}\n$/), problems: 0, render: "function", runtime: "string" });
  });

  it("type-checks a consumer against the shipped declarations", () => {
    writeFileSync(
      join(app, "use.ts"),
      [
        'import { parse, type Diagnostic } from "agentc";',
        'import { RUNTIME_VERSION } from "agentc/runtime";',
        'const r = parse("a.agent", "agent A {}");',
        "const d: readonly Diagnostic[] = r.diagnostics;",
        "const v: string = RUNTIME_VERSION;",
        "// @ts-expect-error the AST is typed",
        "const wrong: number = r.file.kind;",
        "export { d, v, wrong };",
      ].join("\n"),
    );
    writeFileSync(
      join(app, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { module: "nodenext", moduleResolution: "nodenext", strict: true, noEmit: true, types: [], skipLibCheck: false }, files: ["use.ts"] }),
    );
    const tsc = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");
    const r = spawnSync(process.execPath, [tsc, "-p", app], { cwd: app, env, encoding: "utf8" });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
