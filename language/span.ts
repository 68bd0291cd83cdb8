/**
 * Source positions. AST nodes carry offset spans only; line and column are computed in one
 * place (`SourceFile.positionAt`) so the CLI, the code frame and the language server agree.
 * Lines break at `\r\n`, `\n` and a lone `\r` (the LSP's definition); columns count UTF-16
 * code units, as LSP clients do.
 */
export interface Span {
  /** Offset of the first UTF-16 code unit. */
  readonly start: number;
  /** Offset just past the last code unit (exclusive). */
  readonly end: number;
}

export interface Position {
  /** 0-based line. */
  readonly line: number;
  /** 0-based column in UTF-16 code units. */
  readonly character: number;
}

export function span(start: number, end: number): Span {
  return { start, end };
}

export function joinSpans(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

export class SourceFile {
  readonly path: string;
  readonly text: string;
  #lineStarts: number[] | undefined;

  constructor(path: string, text: string) {
    this.path = path;
    this.text = text;
  }

  get lineStarts(): readonly number[] {
    if (this.#lineStarts === undefined) this.#lineStarts = computeLineStarts(this.text);
    return this.#lineStarts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const starts = this.lineStarts;
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - starts[lo]! };
  }

  offsetAt(position: Position): number {
    const starts = this.lineStarts;
    if (position.line < 0) return 0;
    if (position.line >= starts.length) return this.text.length;
    const lineStart = starts[position.line]!;
    const lineEnd = this.lineEnd(position.line);
    return Math.min(lineStart + Math.max(0, position.character), lineEnd);
  }

  /** Offset of the end of a line's content (before its line break). */
  lineEnd(line: number): number {
    const starts = this.lineStarts;
    const next = line + 1 < starts.length ? starts[line + 1]! : this.text.length + 1;
    let end = next - 1;
    if (line + 1 >= starts.length) return this.text.length;
    // step back over the line break that ended this line
    if (this.text[end] === "\n" && this.text[end - 1] === "\r") end -= 1;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStarts[line] ?? 0, this.lineEnd(line));
  }
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}
