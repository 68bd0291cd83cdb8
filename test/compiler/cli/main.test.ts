import { afterEach, describe, expect, it, vi } from "vitest";

vi.mock("../../../compiler/cli/commands/explain.ts", () => ({
  explainCommand: () => {
    throw new TypeError("boom\nsecond line");
  },
}));

const { main } = await import("../../../compiler/cli/main.ts");

function captureStderr(): { text: () => string } {
  let text = "";
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  });
  return { text: () => text };
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe("main", () => {
  it("turns an unexpected exception into one line and exit 70", async () => {
    vi.stubEnv("AGENTC_DEBUG", "");
    const stderr = captureStderr();
    expect(await main(["node", "agentc", "explain", "AGC2003"])).toBe(70);
    expect(stderr.text()).toBe("error: internal error: boom (set AGENTC_DEBUG=1 for details)\n");
  });

  it("shows the stack with AGENTC_DEBUG=1", async () => {
    vi.stubEnv("AGENTC_DEBUG", "1");
    const stderr = captureStderr();
    expect(await main(["node", "agentc", "explain", "AGC2003"])).toBe(70);
    expect(stderr.text()).toMatch(/^error: internal error: boom\nTypeError: boom\nsecond line\n\s+at /);
  });
});
