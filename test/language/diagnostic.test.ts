/** Diagnostics from the registry: message and help templates both take the arguments. */
import { describe, expect, it } from "vitest";
import { DIAGNOSTIC_CODES, type DiagnosticCode } from "../../language/diagnostics/codes.ts";
import { diagnostic } from "../../language/diagnostics/diagnostic.ts";

describe("diagnostic()", () => {
  it("fills {N} in the help line as in the message", () => {
    const d = diagnostic("AGC3014", ["refund", "Declined", "issueRefund"], { file: "a.agent", span: { start: 0, end: 1 } });
    expect(d.message).toBe('state "refund" does not handle error Declined of tool "issueRefund"');
    expect(d.help).toBe("add `on Declined -> …` or `on error -> …`");
  });

  it("leaves no placeholder unfilled in any registry text given enough arguments", () => {
    const args = ["a", "b", "c", "d", "e"];
    for (const code of Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[]) {
      const d = diagnostic(code, args, { file: "a.agent", span: { start: 0, end: 1 } });
      expect(`${d.message} ${d.help ?? ""}`).not.toMatch(/\{\d+\}/);
    }
  });
});
