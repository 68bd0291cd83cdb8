/** `npm run vsix` builds a .vsix holding the extension, the grammar and the bundled server, and that bundled server works. */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { inflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hover, MarkupContent } from "vscode-languageserver-protocol";
import { LspClient } from "../lsp/lsp-client.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const dist = join(root, "vscode-extension", "dist");

/** The entries of a zip file (read from its central directory), with a way to read each. */
function zipEntries(zip: Buffer): Map<string, () => Buffer> {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error("not a zip file");
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map<string, () => Buffer>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error("bad central directory");
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    entries.set(name, () => {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return method === 8 ? inflateRawSync(data) : Buffer.from(data);
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

let entries: Map<string, () => Buffer>;
let unpacked: string;

beforeAll(() => {
  const result = spawnSync(process.execPath, [join(root, "scripts", "build-vsix.ts")], { cwd: root, encoding: "utf8", timeout: 120_000 });
  expect(result.status, result.stdout + result.stderr).toBe(0);
  const vsix = readdirSync(dist).filter((f) => f.endsWith(".vsix"));
  expect(vsix).toEqual(["agentc-vscode-0.1.0.vsix"]);
  entries = zipEntries(readFileSync(join(dist, vsix[0]!)));
  unpacked = mkdtempSync(join(tmpdir(), "agentc-vsix-"));
  for (const [name, read] of entries) {
    if (name.endsWith("/")) continue;
    mkdirSync(dirname(join(unpacked, name)), { recursive: true });
    writeFileSync(join(unpacked, name), read());
  }
}, 150_000);
afterAll(() => {
  if (unpacked !== undefined) rmSync(unpacked, { recursive: true, force: true });
});

describe("the .vsix", () => {
  it("holds the manifest, the license, the grammar, the client, the server, Mermaid and the diagnostic pages", () => {
    for (const name of [
      "extension.vsixmanifest",
      "extension/package.json",
      "extension/LICENSE.txt",
      "extension/language-configuration.json",
      "extension/syntaxes/agent.tmLanguage.json",
      "extension/dist/extension.js",
      "extension/dist/server.js",
      "extension/dist/media/mermaid.min.js",
      "extension/dist/diagnostics/AGC2001.md",
    ]) {
      expect(entries.has(name), name).toBe(true);
    }
    expect([...entries.keys()].some((n) => n.includes("/src/") || n.includes("node_modules"))).toBe(false);
    const manifest = JSON.parse(entries.get("extension/package.json")!().toString("utf8"));
    expect(manifest.contributes.languages[0]).toMatchObject({ id: "agent", extensions: [".agent"] });
    expect(manifest.publisher).toBeTruthy();
  });

  it("holds a server that works on its own: diagnostics and their explanations", async () => {
    const workspace = mkdtempSync(join(tmpdir(), "agentc-vsix-ws-"));
    const client = await LspClient.start(workspace, [join(unpacked, "extension", "dist", "server.js"), "--stdio"]);
    try {
      const uri = pathToFileURL(join(workspace, "a.agent")).href;
      await client.open(uri, 'agent A "x" {\n  start nowhere\n}\n');
      const published = await client.diagnostics(uri, 1);
      expect(published.diagnostics.map((d) => d.code)).toContain("AGC2001");
      const hover = await client.request<Hover>("textDocument/hover", { textDocument: { uri }, position: { line: 1, character: 9 } });
      expect((hover.contents as MarkupContent).value).toContain("Fix the name, or declare the state.");
    } finally {
      await client.stop();
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});
