/** Parses and lowers a fixture agent; fails the test on any parse error. */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { expect } from "vitest";
import { lowerAgent } from "../../../../compiler/ir/lower.ts";
import type { AgentIR } from "../../../../compiler/ir/ir.ts";
import { parse } from "../../../../language/parse.ts";

export function loadAgent(path: string): AgentIR {
  const relativePath = relative(process.cwd(), path).split("\\").join("/");
  const parsed = parse(relativePath, readFileSync(path, "utf8"));
  expect(parsed.diagnostics).toEqual([]);
  return lowerAgent({ file: parsed.file, source: parsed.source, relativePath, importedTools: new Map() });
}

export function agentFromText(text: string): AgentIR {
  const parsed = parse("test.agent", text);
  expect(parsed.diagnostics).toEqual([]);
  return lowerAgent({ file: parsed.file, source: parsed.source, relativePath: "test.agent", importedTools: new Map() });
}
