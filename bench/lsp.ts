/**
 * Language-server benchmarks over the real protocol (issue 7): the server runs as
 * `agentc lsp --stdio` in a child process and a JSON-RPC client times it.
 * - `lsp.startup.ms`: spawning the server → initialize → opening a 2,000-line agent → its
 *   first publishDiagnostics (median of 5 cold processes);
 * - `lsp.diagnostics_after_edit.p95_ms`: a one-character didChange → the publishDiagnostics
 *   for that version, on the 2,000-line agent (goal < 50; includes the 10 ms debounce);
 * - `lsp.completion.p95_ms`: a completion request sent right after a one-character edit (so
 *   the document is re-read) → its answer (goal < 30).
 * Run alone with `node bench/lsp.ts`; `npm run bench` includes it.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Position } from "vscode-languageserver-protocol";
import { bigAgent } from "../test/generators/agent-arbitrary.ts";
import { LspClient } from "../test/lsp/lsp-client.ts";

export interface Measurement {
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  readonly note: string;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Positions just after `word.` in `when word.` guards, for completion. */
function dotPositions(text: string, count: number): Position[] {
  const out: Position[] = [];
  const lines = text.split("\n");
  for (let line = 0; line < lines.length && out.length < count; line++) {
    const match = /\bwhen [A-Za-z_]\w*\./.exec(lines[line]!);
    if (match !== null) out.push({ line, character: match.index + match[0].length });
  }
  return out;
}

export async function lspBenchmarks(): Promise<Measurement[]> {
  const dir = mkdtempSync(join(tmpdir(), "agentc-bench-lsp-"));
  try {
    writeFileSync(join(dir, "package.json"), "{}");
    const text = bigAgent({ lines: 2_000, seed: 3 });
    const lineCount = text.split("\n").length;
    const uri = pathToFileURL(join(dir, "big.agent")).href;
    writeFileSync(join(dir, "big.agent"), text);

    const startups: number[] = [];
    for (let run = 0; run < 6; run++) {
      const start = performance.now();
      const client = await LspClient.start(dir);
      await client.open(uri, text);
      await client.diagnostics(uri, 1);
      if (run > 0) startups.push(performance.now() - start); // the first run warms Node's compile cache
      await client.stop();
    }

    const client = await LspClient.start(dir);
    try {
      await client.open(uri, text);
      const first = await client.diagnostics(uri, 1);
      // one-character edits at the end of the first line (a comment or the agent header), alternately typed and deleted
      const end = { line: 0, character: text.split("\n")[0]!.length };
      const edits: number[] = [];
      for (let i = 0; i < 60; i++) {
        const typed = i % 2 === 0;
        const range = typed ? { start: end, end } : { start: end, end: { line: 0, character: end.character + 1 } };
        const start = performance.now();
        const version = await client.edit(uri, range, typed ? " " : "");
        await client.diagnostics(uri, version);
        if (i >= 5) edits.push(performance.now() - start);
      }

      const positions = dotPositions(text, 40);
      const completions: number[] = [];
      let offered = 0;
      for (let i = 0; i < positions.length * 2; i++) {
        const typed = i % 2 === 0;
        const range = typed ? { start: end, end } : { start: end, end: { line: 0, character: end.character + 1 } };
        const version = await client.edit(uri, range, typed ? " " : "");
        const start = performance.now();
        const items = await client.request<unknown[]>("textDocument/completion", { textDocument: { uri }, position: positions[i % positions.length]! });
        completions.push(performance.now() - start);
        offered += items.length;
        await client.diagnostics(uri, version);
      }

      const note = `${lineCount} lines, ${first.diagnostics.length} diagnostics`;
      return [
        { metric: "lsp.startup.ms", value: percentile(startups, 50), unit: "ms", note: `spawn → initialize → open → first diagnostics, median of ${startups.length} processes; ${note}` },
        { metric: "lsp.diagnostics_after_edit.p95_ms", value: percentile(edits, 95), unit: "ms", note: `one-character didChange → publishDiagnostics, ${edits.length} edits, median ${percentile(edits, 50).toFixed(1)} ms; ${note}` },
        {
          metric: "lsp.completion.p95_ms",
          value: percentile(completions, 95),
          unit: "ms",
          note: `completion after \`when x.\` right after an edit, ${completions.length} requests (${(offered / completions.length).toFixed(1)} items each), median ${percentile(completions, 50).toFixed(1)} ms`,
        },
      ];
    } finally {
      await client.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const m of await lspBenchmarks()) console.log(`${m.metric.padEnd(36)} ${m.value.toFixed(2).padStart(9)} ${m.unit}  ${m.note}`);
}
