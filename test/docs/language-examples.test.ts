/**
 * Every example in docs/language.md is real: it parses, and a complete one checks clean.
 *
 * Conventions for fenced blocks in docs/language.md (the info string after ```):
 * - `agent` — a complete file. It must parse AND check with no diagnostic at all (errors or
 *   warnings) through `checkSource(path, text, { root })`, as if it were
 *   `docs/examples/<n>.agent` in this repository. Complete examples must not import (the
 *   test gives them no files to import from).
 * - `agent expect AGC3010 AGC…` — a complete file shown because it is wrong: checking it
 *   must report exactly the listed codes (each at least once, no other code).
 * - `agent source=agents/refund.agent` — a verbatim copy of a real file: the block must
 *   equal the file (so the copy cannot go stale), and `checkFiles` on the file (imports
 *   resolved on disk) must report nothing.
 * - `agent fragment` — members of an agent (`input { … }`, `tool …`, `state …`, …). The test
 *   wraps it as `agent Fragment { <block> }` and only PARSES it: no syntax or lexical
 *   diagnostic. Names it uses need not resolve.
 * - `agent fragment state` — members of a state (an action and transitions); wrapped as
 *   `agent Fragment { state fragment { <block> } }` and parsed.
 * - `agent fragment file` — a file's top level (imports, top-level tools, an agent); parsed
 *   as it is.
 * Any other info string starting with `agent` fails the test (a typo would skip a block).
 * Blocks in other languages (`ebnf`, `sh`, `text`, `json`) are not checked.
 *
 * The test also keeps the "what the compiler proves" table complete: every code of the
 * registry is linked from the page, and every linked page exists.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkFiles, checkSource } from "../../compiler/check.ts";
import { DIAGNOSTIC_CODES } from "../../language/diagnostics/codes.ts";
import { parse } from "../../language/parse.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const DOC = join(ROOT, "docs", "language.md");
const page = readFileSync(DOC, "utf8");

interface Block {
  readonly info: string;
  readonly text: string;
  /** 1-based line of the opening fence, for test names. */
  readonly line: number;
}

/** Fenced blocks (``` at the start of a line, possibly indented), in order. */
function blocks(markdown: string): Block[] {
  const out: Block[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,})(.*)$/.exec(lines[i]!);
    if (open === null) continue;
    const indent = open[1]!.length;
    const fence = open[2]!;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      if (new RegExp(`^\\s*${fence}\\s*$`).test(lines[j]!)) break;
      body.push(lines[j]!.slice(Math.min(indent, /^\s*/.exec(lines[j]!)![0].length)));
    }
    out.push({ info: open[3]!.trim(), text: body.join("\n"), line: i + 1 });
    i = j;
  }
  return out;
}

const all = blocks(page);
const agentBlocks = all.filter((b) => /^agent\b/.test(b.info));

function syntax(path: string, text: string): string[] {
  return parse(path, text).diagnostics.map((d) => `${d.code} ${d.message} @${d.span.start}`);
}

function codes(path: string, text: string): string[] {
  return checkSource(path, text, { root: ROOT }).diagnostics.map((d) => `${d.code} ${d.message}`);
}

describe("docs/language.md examples", () => {
  it("has examples of every kind", () => {
    const kinds = new Set(agentBlocks.map((b) => b.info.split(/\s+/).slice(0, 2).join(" ").replace(/^agent source=.*/, "agent source")));
    for (const kind of ["agent", "agent fragment", "agent source"]) expect(kinds).toContain(kind);
    expect(agentBlocks.length).toBeGreaterThan(30); // the extraction still finds them
  });

  for (const block of agentBlocks) {
    const name = `line ${block.line}: \`\`\`${block.info}`;
    const path = `docs/examples/line-${block.line}.agent`;
    const info = block.info.split(/\s+/);

    if (block.info === "agent") {
      it(`${name} parses and checks clean`, () => {
        expect(syntax(path, block.text)).toEqual([]);
        expect(codes(path, block.text)).toEqual([]);
      });
    } else if (info[1] === "expect") {
      it(`${name} reports exactly ${info.slice(2).join(", ")}`, () => {
        const expected = info.slice(2);
        expect(expected.length).toBeGreaterThan(0);
        const found = codes(path, block.text).map((d) => d.split(" ")[0]!);
        expect([...new Set(found)].sort()).toEqual([...new Set(expected)].sort());
      });
    } else if (info.length === 2 && info[1]!.startsWith("source=")) {
      it(`${name} is a verbatim copy of a real file that checks clean`, () => {
        const file = info[1]!.slice("source=".length);
        const text = readFileSync(join(ROOT, file), "utf8");
        expect(block.text.trimEnd()).toEqual(text.trimEnd());
        const result = checkFiles([file], { root: ROOT });
        expect(result.diagnostics.map((d) => `${d.file}: ${d.code} ${d.message}`)).toEqual([]);
      });
    } else if (info[1] === "fragment" && info.length <= 3) {
      const where = info[2] ?? "member";
      it(`${name} parses as ${where === "member" ? "agent members" : where === "state" ? "state members" : "a file"}`, () => {
        let text: string;
        if (where === "member") text = `agent Fragment {\n${block.text}\n}\n`;
        else if (where === "state") text = `agent Fragment {\nstate fragment {\n${block.text}\n}\n}\n`;
        else if (where === "file") text = block.text;
        else throw new Error(`unknown fragment context "${where}" (member is the default; state or file)`);
        expect(syntax(path, text)).toEqual([]);
      });
    } else {
      it(`${name} has a known info string`, () => {
        throw new Error(`unknown agent block kind "${block.info}": use agent, agent expect CODES, agent source=PATH, agent fragment [state|file]`);
      });
    }
  }

  it("links every diagnostic code to its page", () => {
    const linked = new Set([...page.matchAll(/\]\(diagnostics\/(AGC\d{4})\.md\)/g)].map((m) => m[1]!));
    expect(Object.keys(DIAGNOSTIC_CODES).filter((c) => !linked.has(c))).toEqual([]);
    for (const code of linked) expect(existsSync(join(ROOT, "docs", "diagnostics", `${code}.md`)), code).toBe(true);
  });

  it("has working links to its own sections", () => {
    const anchors = new Set(
      [...page.matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
        m[1]!
          .trim()
          .toLowerCase()
          .replace(/[^\p{L}\p{N} _-]/gu, "")
          .replace(/ /g, "-"),
      ),
    );
    const links = [...page.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
    expect(links.filter((l) => !anchors.has(l))).toEqual([]);
  });
});
