/** `agentc lsp`: the language server needs --stdio (the protocol itself is tested in test/lsp/). */
import { describe, it } from "vitest";
import { agentc, expectUsageError } from "./run-cli.ts";

describe("agentc lsp", () => {
  it("exits 2 with one line without --stdio", () => {
    expectUsageError(agentc(["lsp"]), /^error: the language server talks over stdin\/stdout: run `agentc lsp --stdio`/);
  });
});
