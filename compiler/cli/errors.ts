/**
 * Errors the CLI turns into exit codes. A `UsageError` (bad arguments, missing or
 * unreadable paths) is one line on stderr and exit 2; anything else that escapes a command
 * is an internal error: one line and exit 70 (the stack only with AGENTC_DEBUG=1).
 */
export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;
/** EX_SOFTWARE from sysexits.h. */
export const EXIT_INTERNAL = 70;

export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The message of a Node fs error without the syscall noise (`ENOENT: no such file…, open 'x'`). */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ELOOP":
      return "too many levels of symbolic links";
    case "EISDIR":
      return "is a directory";
    case "ENOTDIR":
      return "not a directory";
    case "ENAMETOOLONG":
      return "name too long";
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}
