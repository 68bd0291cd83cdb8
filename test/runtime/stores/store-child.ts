/**
 * A child process for the two-process tests: opens the store file given as argv[2] and obeys
 * JSON lines on stdin (acquire, release, commit, race), answering one JSON line each.
 */
import { createInterface } from "node:readline";
import { openSqliteStore } from "../../../runtime/stores/sqlite.ts";
import type { StepCommit } from "../../../runtime/stores/types.ts";

type Command =
  | { op: "acquire"; id: string; owner: string; ttlMs: number; now: number }
  | { op: "release"; id: string; owner: string }
  | { op: "commit"; id: string; owner: string; entry: unknown; at: number }
  | { op: "race"; id: string; owner: string; commits: number };

const store = openSqliteStore(process.argv[2]!, { busyTimeoutMs: 10_000 });
const pause = new Int32Array(new SharedArrayBuffer(4));

function commitOf(id: string, owner: string, counter: number, entry: unknown, at: number): StepCommit {
  return {
    sessionId: id,
    owner,
    status: "running",
    snapshot: { counter },
    ledger: { steps: counter, tokens: 0, costUsd: 0, toolCalls: {}, startedAt: 0 },
    outcome: undefined,
    waiting: undefined,
    tape: [entry],
    spend: { tokens: 1, costUsd: 0 },
    at,
  };
}

/** Read-modify-write of a counter under the lease: a lost update would show if leases failed. */
async function race(id: string, owner: string, commits: number): Promise<{ refused: number }> {
  let done = 0;
  let refused = 0;
  while (done < commits) {
    if (!(await store.acquireLease(id, owner, 60_000, Date.now()))) {
      refused++;
      Atomics.wait(pause, 0, 0, 1);
      continue;
    }
    const counter = (((await store.getSession(id))?.snapshot as { counter: number } | undefined)?.counter ?? 0) + 1;
    await store.commitStep(commitOf(id, owner, counter, { owner, counter }, Date.now()));
    done++;
    await store.releaseLease(id, owner);
  }
  return { refused };
}

async function obey(command: Command): Promise<unknown> {
  switch (command.op) {
    case "acquire":
      return store.acquireLease(command.id, command.owner, command.ttlMs, command.now);
    case "release":
      return store.releaseLease(command.id, command.owner);
    case "commit": {
      const counter = (((await store.getSession(command.id))?.snapshot as { counter: number } | undefined)?.counter ?? 0) + 1;
      return store.commitStep(commitOf(command.id, command.owner, counter, command.entry, command.at));
    }
    case "race":
      return race(command.id, command.owner, command.commits);
  }
}

const lines = createInterface({ input: process.stdin });
process.stdout.write(JSON.stringify({ ready: true }) + "\n");
for await (const line of lines) {
  let reply: unknown;
  try {
    reply = { ok: (await obey(JSON.parse(line) as Command)) ?? null };
  } catch (error) {
    reply = { error: error instanceof Error ? error.name : String(error) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
}
await store.close();
