/**
 * Block strings (`"""…"""`) lose a blank first and last line and the indentation common to
 * their non-blank lines. One implementation, used by the AST builder (whose text the
 * compiler hashes) and by the formatter (which may re-indent only what this keeps equal).
 */

export interface BlockLine {
  /** Offset of the line's first character in the raw content. */
  readonly start: number;
  /** The whole line as written (without its line break). */
  readonly text: string;
  /** Leading characters removed by the dedent. */
  readonly cut: number;
}

/** The lines a block string keeps, with what the dedent removes from each. */
export function blockLines(raw: string): BlockLine[] {
  const lines: { start: number; text: string }[] = [];
  const breaks = /\r\n|\r|\n/g;
  let lineStart = 0;
  let match: RegExpExecArray | null;
  while ((match = breaks.exec(raw)) !== null) {
    lines.push({ start: lineStart, text: raw.slice(lineStart, match.index) });
    lineStart = match.index + match[0].length;
  }
  lines.push({ start: lineStart, text: raw.slice(lineStart) });
  const first = lines.length > 1 && isBlank(lines[0]!.text) ? 1 : 0;
  let last = lines.length - 1;
  if (last > first && isBlank(lines[last]!.text)) last--;
  let indent = Infinity;
  for (let l = first; l <= last; l++) {
    if (!isBlank(lines[l]!.text)) indent = Math.min(indent, leading(lines[l]!.text));
  }
  if (!Number.isFinite(indent)) indent = 0;
  const kept: BlockLine[] = [];
  for (let l = first; l <= last; l++) kept.push({ ...lines[l]!, cut: Math.min(indent, leading(lines[l]!.text)) });
  return kept;
}

/** The block string's text after dedent, lines joined with `\n`. */
export function dedentBlock(raw: string): string {
  return blockLines(raw)
    .map((line) => line.text.slice(line.cut))
    .join("\n");
}

function isBlank(line: string): boolean {
  return line.trim() === "";
}

function leading(line: string): number {
  return /^[ \t]*/.exec(line)![0].length;
}
