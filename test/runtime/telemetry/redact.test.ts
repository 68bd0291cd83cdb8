/** Redaction by value: every remembered @pii string is masked wherever it appears, stably. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { piiPlaceholder, Redactor } from "../../../runtime/telemetry/redact.ts";

// Values a person could type: at least 3 characters, not pure hex (a placeholder's hash could
// contain those by chance), and not the placeholder's own prefix.
const secret = fc.string({ minLength: 3, maxLength: 24 }).filter((s) => !/^[0-9a-f]*$/.test(s) && !"[pii:]".includes(s) && !s.includes("pii"));

describe("Redactor", () => {
  it("masks every remembered value inside any text, wherever it travelled", () => {
    fc.assert(
      fc.property(fc.uniqueArray(secret, { minLength: 1, maxLength: 5 }), fc.array(fc.string({ maxLength: 20 }), { maxLength: 6 }), (secrets, noise) => {
        const redactor = new Redactor();
        redactor.add({ nested: [secrets[0]], more: secrets.slice(1) });
        const text = noise.map((n, i) => `${n}${secrets[i % secrets.length]}`).join(" ") + secrets.join("/");
        const out = redactor.redact(text);
        for (const s of secrets) expect(out).not.toContain(s);
      }),
      { numRuns: 300 },
    );
  });

  it("reads values at @pii paths, through arrays, and masks them stably in deep values", () => {
    const redactor = new Redactor();
    redactor.addPaths({ input: { email: "ana@example.com" }, order: { items: [{ phone: "+44 20 7946 0000" }, { phone: "+44 20 7946 0001" }] } }, ["input.email", "order.items[].phone", "missing.path"]);
    expect(redactor.size).toBe(3);
    const out = redactor.redactValue({ note: "mail ana@example.com or call +44 20 7946 0001", list: ["ana@example.com"], n: 3 });
    expect(out).toEqual({ note: `mail ${piiPlaceholder("ana@example.com")} or call ${piiPlaceholder("+44 20 7946 0001")}`, list: [piiPlaceholder("ana@example.com")], n: 3 });
  });

  it("masks a short value only where it is the whole string, and credentials by shape", () => {
    const redactor = new Redactor();
    redactor.add("Al");
    expect(redactor.redact("Al")).toBe(piiPlaceholder("Al"));
    expect(redactor.redact("Alerts")).toBe("Alerts");
    expect(redactor.redact("key sk-abcdefghijklmnopqrstuvwx and Bearer abc.def.ghi123")).toBe("key [credential] and [credential]");
  });
});
