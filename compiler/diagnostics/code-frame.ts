/**
 * The code frame under a diagnostic header: a gutter, the source line, and a caret line
 * under the span. What reaches the terminal is made safe first: control, bidirectional and
 * zero-width characters are shown as `\u{XXXX}` (so a frame never reorders or hides text),
 * tabs become spaces, and the carets are placed by display column, not by UTF-16 offset.
 */
import type { SourceFile, Span } from "../../language/span.ts";

/** Frames wider than this show a window around the span. */
const MAX_FRAME_WIDTH = 160;
const TAB_WIDTH = 4;
/** Lines longer than this (UTF-16 units) are cut around the span before rendering. */
const RAW_WINDOW = 2000;

export interface FrameStyle {
  /** Gutter (`12 |`) colour. */
  readonly gutter: (s: string) => string;
  /** Caret colour (red for errors, yellow for warnings). */
  readonly marker: (s: string) => string;
  /** Escaped-character colour in the source line. */
  readonly escaped: (s: string) => string;
}

export const PLAIN_STYLE: FrameStyle = { gutter: id, marker: id, escaped: id };

function id(s: string): string {
  return s;
}

/**
 * Lines of the frame (no trailing newline). `gutterWidth` is the width of the line-number
 * column, shared with the `-->` and `= help` lines around the frame; `label` follows the
 * carets (e.g. `first defined at 4:9`).
 */
export function codeFrame(
  source: SourceFile,
  span: Span,
  gutterWidth: number,
  label: string | undefined,
  style: FrameStyle = PLAIN_STYLE,
): string[] {
  const start = clamp(span.start, 0, source.text.length);
  const end = clamp(span.end, start, source.text.length);
  const startPos = source.positionAt(start);
  const endPos = source.positionAt(end);
  const line = startPos.line;
  let lineText = source.lineText(line);
  // A span that stops right after the line break is still a one-line span.
  const multiLine = endPos.line > line + 1 || (endPos.line === line + 1 && endPos.character > 0);
  let from = Math.min(startPos.character, lineText.length);
  let to = endPos.line > line ? lineText.length : Math.max(from, Math.min(endPos.character, lineText.length));

  // Very long lines (minified input, binary junk) are cut before rendering so a frame costs
  // the same on a 10 MB line as on a short one.
  let clippedLeft = false;
  let clippedRight = false;
  if (lineText.length > RAW_WINDOW) {
    let rawFrom = Math.max(0, from - RAW_WINDOW / 4);
    if (isLowSurrogate(lineText.charCodeAt(rawFrom))) rawFrom -= 1;
    let rawTo = Math.min(lineText.length, rawFrom + RAW_WINDOW);
    if (isLowSurrogate(lineText.charCodeAt(rawTo))) rawTo -= 1;
    clippedLeft = rawFrom > 0;
    clippedRight = rawTo < lineText.length;
    lineText = lineText.slice(rawFrom, rawTo);
    from -= rawFrom;
    to = Math.min(to - rawFrom, lineText.length);
  }

  const rendered = renderLine(lineText);
  let caretStart = rendered.columns[from]!;
  let caretEnd = rendered.columns[to]!;
  let pieces = rendered.pieces;
  let windowStart = 0;
  let windowWidth = rendered.width;
  if (rendered.width > MAX_FRAME_WIDTH) {
    const cut = sliceByColumns(rendered, Math.max(0, Math.min(caretStart - 40, rendered.width - MAX_FRAME_WIDTH)), MAX_FRAME_WIDTH);
    pieces = cut.pieces;
    windowStart = cut.startColumn;
    windowWidth = cut.width;
    clippedLeft ||= windowStart > 0;
    clippedRight ||= windowStart + windowWidth < rendered.width;
  }
  const prefix = clippedLeft ? "..." : "";
  const suffix = clippedRight ? "..." : "";
  caretStart = clamp(caretStart - windowStart, 0, windowWidth) + prefix.length;
  caretEnd = clamp(caretEnd - windowStart, 0, windowWidth) + prefix.length;

  const caretCount = Math.max(1, caretEnd - caretStart);
  const pad = " ".repeat(gutterWidth);
  const bar = style.gutter(`${pad} |`);
  const number = style.gutter(`${String(line + 1).padStart(gutterWidth)} |`);
  const caretLine = `${bar} ${" ".repeat(caretStart)}${style.marker("^".repeat(caretCount) + (label ? ` ${label}` : ""))}`;
  const text = prefix + pieces.map((p) => (p.escaped ? style.escaped(p.text) : p.text)).join("") + suffix;
  const lines = [bar, text.length > 0 ? `${number} ${text}` : number, caretLine];
  if (multiLine) lines.push(`${bar} ...`);
  return lines;
}

/** Width of the gutter needed to number `line` (0-based). */
export function gutterWidthFor(line: number): number {
  return String(line + 1).length;
}

interface Piece {
  readonly text: string;
  readonly width: number;
  /** True for a `\u{…}` escape standing for an unsafe character. */
  readonly escaped: boolean;
}

interface RenderedLine {
  readonly text: string;
  /** Display width of the rendered text. */
  readonly width: number;
  /** `columns[i]` = display column where UTF-16 offset `i` of the source line starts (length + 1 entries). */
  readonly columns: number[];
  /** Rendered pieces, one per source code point, with their display widths. */
  readonly pieces: Piece[];
}

/** Makes a source line safe to print and maps each UTF-16 offset to a display column. */
export function renderLine(line: string): RenderedLine {
  const columns = new Array<number>(line.length + 1);
  const pieces: Piece[] = [];
  let text = "";
  let width = 0;
  let i = 0;
  while (i < line.length) {
    const cp = line.codePointAt(i)!;
    const units = cp > 0xffff ? 2 : 1;
    let piece: string;
    let w: number;
    let escaped = false;
    if (cp === 9) {
      piece = " ".repeat(TAB_WIDTH - (width % TAB_WIDTH));
      w = piece.length;
    } else if (mustEscape(cp)) {
      piece = `\\u{${cp.toString(16).toUpperCase().padStart(4, "0")}}`;
      w = piece.length;
      escaped = true;
    } else {
      piece = String.fromCodePoint(cp);
      w = displayWidth(cp);
    }
    for (let k = 0; k < units; k++) columns[i + k] = width;
    pieces.push({ text: piece, width: w, escaped });
    text += piece;
    width += w;
    i += units;
  }
  columns[line.length] = width;
  return { text, width, columns, pieces };
}

/** The pieces that fit entirely in `width` display columns from column `from`. */
function sliceByColumns(rendered: RenderedLine, from: number, width: number): { pieces: Piece[]; width: number; startColumn: number } {
  const to = from + width;
  let column = 0;
  const pieces: Piece[] = [];
  let taken = 0;
  let startColumn = -1;
  for (const piece of rendered.pieces) {
    if (column >= from && column + piece.width <= to) {
      if (startColumn < 0) startColumn = column;
      pieces.push(piece);
      taken += piece.width;
    }
    column += piece.width;
  }
  return { pieces, width: taken, startColumn: startColumn < 0 ? from : startColumn };
}

/** `text` with every character `mustEscape` names written as `\u{XXXX}` (for messages). */
export function escapeUnsafe(text: string): string {
  let out = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    out += mustEscape(cp) ? `\\u{${cp.toString(16).toUpperCase().padStart(4, "0")}}` : ch;
  }
  return out;
}

/** Characters that would corrupt or disguise the frame on a terminal. */
export function mustEscape(cp: number): boolean {
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return true; // C0, DEL, C1 (tab handled before)
  if (cp >= 0x202a && cp <= 0x202e) return true; // bidi embeddings and overrides
  if (cp >= 0x2066 && cp <= 0x2069) return true; // bidi isolates
  if (cp === 0x200e || cp === 0x200f || cp === 0x061c) return true; // directional marks
  if (cp >= 0x200b && cp <= 0x200d) return true; // zero-width space, non-joiner, joiner
  if (cp === 0xfeff || cp === 0x2060 || cp === 0x00ad) return true; // BOM/ZWNBSP, word joiner, soft hyphen
  if (cp === 0x2028 || cp === 0x2029) return true; // line/paragraph separators
  if (cp >= 0xd800 && cp <= 0xdfff) return true; // lone surrogates
  if (cp === 0xfffe || cp === 0xffff) return true; // noncharacters
  return false;
}

/** Terminal columns a printable code point takes: 0 for combining marks, 2 for wide (CJK, emoji). */
function displayWidth(cp: number): number {
  if ((cp >= 0x0300 && cp <= 0x036f) || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0x20d0 && cp <= 0x20ff)) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(n, hi));
}
