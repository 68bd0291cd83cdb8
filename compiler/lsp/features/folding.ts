/**
 * Folding ranges: every block that spans lines (agent, tools, states, records, prompts,
 * examples), block comments, runs of line comments and the import list, from the AST.
 */
import { FoldingRangeKind, type FoldingRange } from "vscode-languageserver";
import type * as A from "../../../language/ast.ts";
import type { ParseResult } from "../../../language/parse.ts";
import { walk } from "../../resolve/walk.ts";

const FOLDED: ReadonlySet<string> = new Set(["AgentDecl", "ToolDecl", "StateDecl", "PromptDecl", "ExampleDecl", "RecordType", "RecordLiteral", "TemplateString"]);

export function foldingRanges(result: ParseResult): FoldingRange[] {
  const source = result.source;
  const out: FoldingRange[] = [];
  const seen = new Set<number>();
  const add = (start: number, end: number, kind?: string): void => {
    const from = source.positionAt(start).line;
    let to = source.positionAt(end).line;
    // keep a closing brace or quotes visible
    if (/^\s*(\}|\]|""")/.test(source.lineText(to))) to -= 1;
    if (to <= from || seen.has(from)) return;
    seen.add(from);
    out.push({ startLine: from, endLine: to, ...(kind === undefined ? {} : { kind }) });
  };
  const ast = result.file;
  if (ast.imports.length > 1) add(ast.imports[0]!.span.start, ast.imports.at(-1)!.span.end + 1, FoldingRangeKind.Imports);
  walk(ast, (node) => {
    if (FOLDED.has(node.kind)) {
      const span = (node as A.Node).span;
      add(span.start, Math.max(span.start, span.end - 1));
    }
  });
  commentRuns(ast.comments, source.positionAt.bind(source), add);
  return out.sort((a, b) => a.startLine - b.startLine);
}

function commentRuns(comments: readonly A.Comment[], positionAt: (offset: number) => { line: number }, add: (start: number, end: number, kind?: string) => void): void {
  let runStart: A.Comment | undefined;
  let runEnd: A.Comment | undefined;
  const flush = (): void => {
    if (runStart !== undefined && runEnd !== undefined && runEnd !== runStart) add(runStart.span.start, runEnd.span.end, FoldingRangeKind.Comment);
    runStart = runEnd = undefined;
  };
  for (const comment of comments) {
    if (comment.block) {
      flush();
      add(comment.span.start, comment.span.end, FoldingRangeKind.Comment);
      continue;
    }
    if (runEnd !== undefined && positionAt(comment.span.start).line === positionAt(runEnd.span.start).line + 1) runEnd = comment;
    else {
      flush();
      runStart = runEnd = comment;
    }
  }
  flush();
}
