import { describe, expect, it } from "vitest";
import { parse } from "../../language/parse.ts";
import { lowerAgent } from "../../compiler/ir/lower.ts";
import { emptyLock, LockfileError, parseLock, serializeLock, updateLock } from "../../compiler/prompt-lock.ts";

function agentWith(promptText: string, version = 1, name = "Notes") {
  const text = `agent ${name} "n" {\n  prompt summarise v${version} """\n    ${promptText}\n  """\n}\n`;
  const parsed = parse("a.agent", text);
  return lowerAgent({ file: parsed.file, source: parsed.source, relativePath: "a.agent", importedTools: new Map() });
}

describe("prompt lockfile", () => {
  it("records new versions, then accepts the same text and rejects changed text under the same version", () => {
    const first = updateLock(emptyLock(), [agentWith("Summarise {{ input.text }}.")]);
    expect(first.added).toEqual([{ agent: "Notes", prompt: "summarise", version: 1 }]);
    expect(first.changed).toEqual([]);
    const again = updateLock(first.lock, [agentWith("Summarise {{ input.text }}.")]);
    expect(again.added).toEqual([]);
    expect(again.changed).toEqual([]);
    const edited = updateLock(first.lock, [agentWith("Summarise {{ input.text }} briefly.")]);
    expect(edited.changed.map((c) => [c.agent, c.prompt, c.version])).toEqual([["Notes", "summarise", 1]]);
    expect(edited.changed[0]!.recorded).not.toBe(edited.changed[0]!.actual);
  });

  it("keeps every version ever recorded: a new version is added beside the old one", () => {
    const v1 = updateLock(emptyLock(), [agentWith("One.")]);
    const v2 = updateLock(v1.lock, [agentWith("Two.", 2)]);
    expect(v2.changed).toEqual([]);
    expect([...v2.lock.agents.get("Notes")!.get("summarise")!.keys()]).toEqual([1, 2]);
    // going back to v1 with the v2 text is still a change of v1
    expect(updateLock(v2.lock, [agentWith("Two.", 1)]).changed).toHaveLength(1);
  });

  it("hashes the dedented text, so re-indenting a block prompt changes nothing", () => {
    const a = agentWith("Same words.");
    const text = `agent Notes "n" {\n      prompt summarise v1 """\n            Same words.\n      """\n}\n`;
    const parsed = parse("b.agent", text);
    const b = lowerAgent({ file: parsed.file, source: parsed.source, relativePath: "b.agent", importedTools: new Map() });
    expect(b.prompts[0]!.hash).toBe(a.prompts[0]!.hash);
  });

  it("round-trips through its canonical text, sorted and stable", () => {
    const lock = updateLock(emptyLock(), [agentWith("B.", 2, "Zeta"), agentWith("A.", 1, "Alpha"), agentWith("P.", 1, "__proto__")]).lock;
    const text = serializeLock(lock);
    expect(Object.keys(JSON.parse(text).agents)).toEqual(["Alpha", "Zeta", "__proto__"]);
    expect(serializeLock(parseLock(text, "agentc.lock.json"))).toBe(text);
  });

  it("a corrupt lockfile is a one-line LockfileError naming the problem", () => {
    const cases: [string, RegExp][] = [
      ["{ not json", /not valid JSON/],
      ["[]", /expected an object/],
      ['{"lockfileVersion": 2, "agents": {}}', /unsupported lockfileVersion 2/],
      ['{"lockfileVersion": 1, "agents": {"A": {"p": {"one": "sha256:00"}}}}', /not v<N>/],
      ['{"lockfileVersion": 1, "agents": {"A": {"p": {"v1": "md5:00"}}}}', /not a sha256 hash/],
    ];
    for (const [text, pattern] of cases) {
      expect(() => parseLock(text, "agentc.lock.json")).toThrow(LockfileError);
      expect(() => parseLock(text, "agentc.lock.json")).toThrow(pattern);
      try {
        parseLock(text, "agentc.lock.json");
      } catch (error) {
        expect((error as Error).message).not.toContain("\n");
      }
    }
  });
});
