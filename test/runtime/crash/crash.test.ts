/**
 * Crash recovery with real processes and SIGKILL (100 kills here, 1,000 in `npm run soak`):
 * every session completes; each session's payment used one idempotency key; each key made one
 * effect; and some attempt was repeated — proof the kills landed between a side effect and
 * its checkpoint.
 */
import { describe, expect, it } from "vitest";
import { crashSweep } from "./crash-sweep.ts";

// `npm run soak` sets SOAK_KILLS=1000.
const kills = Number(process.env["SOAK_KILLS"] ?? "100");
const sessions = Math.ceil(kills * 0.8);

describe("crash recovery", () => {
  it(`survives ${kills} SIGKILLs at varying points without losing a session or repeating a payment`, async () => {
    const result = await crashSweep({ kills, sessions, seed: 7 });
    expect(result.kills).toBeGreaterThanOrEqual(kills);
    expect(result.sessions.filter((s) => s.status !== "replied")).toEqual([]);
    for (const s of result.sessions) expect(s.outcome).toMatchObject({ kind: "reply", output: { amount: 42 } });
    for (const [session, keys] of result.keysPerSession) expect({ session, keys: keys.size }).toEqual({ session, keys: 1 });
    expect(result.keysPerSession.size).toBe(sessions);
    for (const entry of result.keys.values()) expect(entry.effects).toBe(1);
    expect([...result.keys.values()].some((e) => e.attempts > 1)).toBe(true);
  }, 3_600_000);
});
