/**
 * `agentc flags list|set|unset`: the built-in kill-switch source, a JSON file the runtime
 * reads before every step (`fileFlagsSource`). Default `.agentc/flags.json` under the working
 * directory; `--flags <file>` or `AGENTC_FLAGS` point elsewhere. Writes are atomic (a temporary
 * file renamed over the old one), so a runtime never reads half a file.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { FLAG_PATTERN, parseFlagsFile, type Flags } from "../../../runtime/orchestration/flags.ts";
import { describeFsError, EXIT_OK, UsageError } from "../errors.ts";
import { out } from "../output.ts";

export const DEFAULT_FLAGS_FILE = ".agentc/flags.json";

export interface FlagsOptions {
  readonly flags?: string;
}

/** The flags file a command uses: `--flags`, else AGENTC_FLAGS, else `.agentc/flags.json`. */
export function flagsFilePath(options: FlagsOptions): string {
  return resolve(options.flags ?? process.env["AGENTC_FLAGS"] ?? DEFAULT_FLAGS_FILE);
}

export function flagsListCommand(options: FlagsOptions): number {
  const path = flagsFilePath(options);
  const flags = readFlags(path);
  const on = Object.keys(flags)
    .filter((name) => flags[name] === true)
    .sort();
  if (on.length === 0) out(`no flags set (${path})`);
  else out(on.map((name) => `${name} = true`).join("\n"));
  return EXIT_OK;
}

export function flagsSetCommand(name: string, value: string | undefined, options: FlagsOptions): number {
  checkName(name);
  const on = parseBoolean(value ?? "true");
  const path = flagsFilePath(options);
  const flags: Record<string, unknown> = { ...readFlags(path) };
  if (on) flags[name] = true;
  else delete flags[name];
  writeFlags(path, flags);
  out(on ? `set ${name} = true (${path})` : `unset ${name} (${path})`);
  return EXIT_OK;
}

export function flagsUnsetCommand(name: string, options: FlagsOptions): number {
  checkName(name);
  const path = flagsFilePath(options);
  const flags: Record<string, unknown> = { ...readFlags(path) };
  const had = Object.hasOwn(flags, name);
  delete flags[name];
  if (had) writeFlags(path, flags);
  out(had ? `unset ${name} (${path})` : `${name} was not set (${path})`);
  return EXIT_OK;
}

function checkName(name: string): void {
  if (!FLAG_PATTERN.test(name))
    throw new UsageError(`unknown flag ${JSON.stringify(name)}: flags are tool.<Tool>.disabled, agent.<Agent>.disabled or agent.<Agent>.forceEscalate (e.g. tool.issueRefund.disabled)`);
}

function parseBoolean(value: string): boolean {
  if (value === "true" || value === "on" || value === "1") return true;
  if (value === "false" || value === "off" || value === "0") return false;
  throw new UsageError(`flag values are true or false, not ${JSON.stringify(value)}`);
}

function readFlags(path: string): Flags {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new UsageError(`cannot read ${path}: ${describeFsError(error)}`);
  }
  try {
    return parseFlagsFile(text, path);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; fix or delete the file (the runtime fails closed while it is unreadable)`);
  }
}

function writeFlags(path: string, flags: Readonly<Record<string, unknown>>): void {
  const sorted = Object.fromEntries(Object.keys(flags).sort().map((k) => [k, flags[k]]));
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, `${JSON.stringify(sorted, null, 2)}\n`);
    renameSync(temporary, path);
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${describeFsError(error)}`);
  }
}
