/**
 * Kill switches. The runtime reads a `FlagsSource` before every step: a tool can be disabled
 * (`tool.<name>.disabled`), a whole agent disabled (`agent.<Name>.disabled`) or told to
 * hand every session to people (`agent.<Name>.forceEscalate`). A source that cannot be read
 * fails closed: the session escalates and says why. The built-in source is a JSON file that
 * `agentc flags list|set|unset` edits.
 */
import { readFile } from "node:fs/promises";

/** Flag name → value. Only `true` switches something on; anything else is off. */
export type Flags = Readonly<Record<string, unknown>>;

export interface FlagsSource {
  /** The current flags. Throws (or rejects) when they cannot be read; the runtime then fails closed. */
  read(): Flags | Promise<Flags>;
  /** Where the flags come from, for messages ("flags file .agentc/flags.json"). */
  readonly description: string;
}

export const flagNames = {
  toolDisabled: (tool: string): string => `tool.${tool}.disabled`,
  agentDisabled: (agent: string): string => `agent.${agent}.disabled`,
  agentForceEscalate: (agent: string): string => `agent.${agent}.forceEscalate`,
} as const;

/** Flags that are not kill switches of any agent are refused by `agentc flags set`. */
export const FLAG_PATTERN = /^(tool\.[A-Za-z_][A-Za-z0-9_]*\.disabled|agent\.[A-Za-z_][A-Za-z0-9_]*\.(disabled|forceEscalate))$/;

export function isOn(flags: Flags, name: string): boolean {
  return Object.hasOwn(flags, name) && flags[name] === true;
}

/** A fixed set of flags held in memory (tests, embedding without a file). */
export function memoryFlagsSource(initial: Flags = {}): FlagsSource & { set(name: string, value: boolean): void } {
  const flags: Record<string, unknown> = { ...initial };
  return {
    description: "in-memory flags",
    read: () => ({ ...flags }),
    set(name, value) {
      if (value) flags[name] = true;
      else delete flags[name];
    },
  };
}

export class FlagsUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FlagsUnavailableError";
  }
}

/**
 * Flags from a JSON file: `{ "tool.issueRefund.disabled": true }`. A missing file means no
 * flags are set; a file that exists but cannot be read or is not a JSON object is an error
 * (the runtime escalates rather than run with switches it cannot see).
 */
export function fileFlagsSource(path: string): FlagsSource {
  return {
    description: `flags file ${path}`,
    async read() {
      let text: string;
      try {
        text = await readFile(path, "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
        throw new FlagsUnavailableError(`cannot read flags file ${path}: ${(error as Error).message}`);
      }
      return parseFlagsFile(text, path);
    },
  };
}

export function parseFlagsFile(text: string, path: string): Flags {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new FlagsUnavailableError(`flags file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new FlagsUnavailableError(`flags file ${path} must hold a JSON object of flag names to true`);
  return parsed as Flags;
}
