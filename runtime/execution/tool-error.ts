/**
 * How a tool implementation reports one of the named errors its contract declares
 * (`errors NotFound, Unavailable retryable`): `throw new ToolError("NotFound", "no order o9")`.
 * Any other throw, including a ToolError whose name the contract does not declare and
 * non-Error values (`throw "x"`), is a generic failure.
 */
export class ToolError extends Error {
  /** The declared error name, compared exactly. */
  readonly errorName: string;

  constructor(errorName: string, message?: string) {
    super(message ?? errorName);
    this.name = "ToolError";
    this.errorName = errorName;
  }
}
