/** Terminal output: colour decisions and writing whole blocks at once. */

export interface ColorOptions {
  /** `false` when `--no-color` was given. */
  readonly color?: boolean;
}

/** Colour only on a TTY, unless NO_COLOR is set (https://no-color.org) or `--no-color` was given. */
export function useColor(options: ColorOptions, stream: NodeJS.WriteStream = process.stdout): boolean {
  if (options.color === false) return false;
  if (process.env["NO_COLOR"]) return false;
  return stream.isTTY === true;
}

export function out(text: string): void {
  if (text.length > 0) process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}

export function err(text: string): void {
  process.stderr.write(text.endsWith("\n") ? text : `${text}\n`);
}
