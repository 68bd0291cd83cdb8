/** Loading a workspace: imports, re-exports, paths that leave the root, entries that cannot be read. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkFiles, checkSource } from "../../compiler/check.ts";
import { loadWorkspace } from "../../compiler/workspace.ts";

const AGENT = (imports: string, call: string) => `${imports}
agent Support "x" {
  input { message: string }
  output { reply: string }
  escalation oncall
  start s
  state s {
    call ${call} {}
    on error -> escalate oncall
    -> reply "ok"
  }
}
`;
const TOOL = (name: string) => `tool ${name} "T." { input {} output {} }\n`;

function virtual(files: Record<string, string>) {
  return (abs: string): Uint8Array | undefined => {
    const text = files[abs];
    return text === undefined ? undefined : new TextEncoder().encode(text);
  };
}

const codes = (r: ReturnType<typeof checkFiles>) => r.diagnostics.map((d) => `${d.file} ${d.code} ${d.message}`);

describe("workspace", () => {
  it("follows re-exports through library files", () => {
    const readFile = virtual({
      "/w/agents/a.agent": AGENT('import { ping } from "./shared/index.agent"', "ping"),
      "/w/agents/shared/index.agent": 'import { ping } from "./ping.agent"\n',
      "/w/agents/shared/ping.agent": TOOL("ping"),
    });
    const result = checkFiles(["agents/a.agent"], { root: "/w", readFile });
    expect(codes(result)).toEqual([]);
    expect(result.agents.map((a) => [a.name, a.relativePath, [...a.importedTools.keys()], a.hasErrors])).toEqual([["Support", "agents/a.agent", ["ping"], false]]);
    expect([...result.sources.keys()]).toEqual(["agents/a.agent", "agents/shared/index.agent", "agents/shared/ping.agent"]);
  });

  it("refuses absolute imports outside the root", () => {
    const readFile = virtual({ "/w/a.agent": AGENT('import { ping } from "/etc/ping.agent"', "ping"), "/etc/ping.agent": TOOL("ping") });
    expect(codes(checkFiles(["a.agent"], { root: "/w", readFile }))).toEqual(['a.agent AGC2013 "/etc/ping.agent" is outside the workspace root w']);
  });

  it("reports an entry that does not exist, and keeps going", () => {
    const readFile = virtual({ "/w/b.agent": TOOL("ping") });
    expect(codes(checkFiles(["a.agent", "b.agent"], { root: "/w", readFile }))).toEqual(['a.agent AGC2011 cannot find "a.agent"']);
  });

  it("reports an unreadable entry as AGC2020", () => {
    const readFile = () => {
      throw Object.assign(new Error("EACCES"), { code: "EACCES" });
    };
    expect(codes(checkFiles(["a.agent"], { root: "/w", readFile }))).toEqual(['a.agent AGC2020 cannot read "a.agent": permission denied']);
  });

  it("loads each file once however it is reached", () => {
    const readFile = virtual({
      "/w/a.agent": AGENT('import { ping } from "./lib/../ping.agent"', "ping"),
      "/w/ping.agent": TOOL("ping"),
    });
    const workspace = loadWorkspace(["a.agent", "./ping.agent"], { root: "/w", readFile });
    expect([...workspace.files.keys()]).toEqual(["a.agent", "ping.agent"]);
  });

  it("checkSource uses the editor's text over the file on disk", () => {
    const readFile = virtual({ "/w/a.agent": "garbage {{{", "/w/ping.agent": TOOL("ping") });
    const result = checkSource("a.agent", AGENT('import { ping } from "./ping.agent"', "ping"), { root: "/w", readFile });
    expect(codes(result)).toEqual([]);
  });

  describe("on disk", () => {
    const dir = mkdtempSync(join(tmpdir(), "agentc-ws-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("does not follow a symbolic link out of the root", () => {
      const root = join(dir, "root");
      const outside = join(dir, "outside");
      mkdirSync(root);
      mkdirSync(outside);
      writeFileSync(join(outside, "ping.agent"), TOOL("ping"));
      symlinkSync(outside, join(root, "linked"));
      writeFileSync(join(root, "a.agent"), AGENT('import { ping } from "./linked/ping.agent"', "ping"));
      const result = checkFiles([join(root, "a.agent")], { root });
      expect(result.diagnostics.map((d) => d.code)).toEqual(["AGC2013"]);
    });
  });
});
