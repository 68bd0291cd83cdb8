/** Rules both session stores share: which statuses end a session, the UTC day of a spend. */
import type { SessionStatus } from "./types.ts";

/** A replied or escalated session has ended: it gets an `endedAt` and can no longer be leased. */
export function isEnded(status: SessionStatus): boolean {
  return status === "replied" || status === "escalated";
}

/** `YYYY-MM-DD` of the UTC day containing epoch ms `at` (daily spend caps count per UTC day). */
export function utcDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** A lease is free for `owner` if nobody holds it, `owner` does, or it expired at or before `now`. */
export function leaseFree(holder: string | undefined, until: number | undefined, owner: string, now: number): boolean {
  return holder === undefined || holder === owner || until === undefined || until <= now;
}
