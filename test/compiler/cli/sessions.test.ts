/** The session commands over the sqlite store: sessions, show, replay (and --against), export, resume, prune. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { agentc, expectUsageError } from "./run-cli.ts";

const repo = join(import.meta.dirname, "..", "..", "..");
const temp = mkdtempSync(join(tmpdir(), "agentc-sessions-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
// A workspace of its own: the example agents and a store under .agentc/.
cpSync(join(repo, "agents"), join(temp, "agents"), { recursive: true });
writeFileSync(join(temp, "package.json"), "{}\n");
const cli = (args: readonly string[]) => agentc(args, { cwd: temp });
const input = JSON.stringify({ customerId: "c-1", orderId: "o12345", message: "The mug arrived broken; call me on +1 555 0100." });
const script = join(temp, "script.json");
writeFileSync(script, JSON.stringify({ judge: [{ eligible: true, amount: 40, reason: "broken" }] }));

function lastId(): string {
  const lines = cli(["sessions"]).stdout.trimEnd().split("\n");
  return lines.at(-1)!.split(/\s+/).at(-1)!;
}

describe("session commands", () => {
  it("records `run` sessions and lists them oldest first with their figures", () => {
    expect(cli(["run", "agents/refund.agent", "--mock", "--input", input, "--script", script]).status).toBe(0);
    expect(cli(["run", "agents/incident-triage.agent", "--mock", "--seed", "3"]).status).toBe(0);
    const lines = cli(["sessions"]).stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^STATUS\s+AGENT\s+VERSION\s+STEPS\s+TOKENS\s+COST\s+STARTED\s+ENDED\s+ID$/);
    expect(lines[1]).toMatch(/^replied\s+RefundAgent\s+v5\s+3\s+\d+\s+\$\d+\.\d{4}\s+\S+Z\s+\S+Z\s+[0-9a-f-]{36}$/);
    expect(lines[2]).toMatch(/^\w+\s+IncidentTriage\s+v2\s/);
    expect(cli(["sessions", "--agent", "RefundAgent"]).stdout.trimEnd().split("\n")).toHaveLength(2);
  });

  it("shows a session as a timeline and replays it with no divergence", () => {
    const id = cli(["sessions", "--agent", "RefundAgent"]).stdout.trimEnd().split("\n")[1]!.split(/\s+/).at(-1)!;
    const show = cli(["show", id]);
    expect(show.status).toBe(0);
    expect(show.stdout).toMatch(/model openai:gpt-4\.1-mini ask with prompt judge v3: \d+ in \/ \d+ out tokens/);
    expect(show.stdout).toMatch(/tool issueRefund\(\{"orderId":"o12345","amount":40,"reason":"broken"\}\) → /);
    expect(show.stdout.trimEnd().split("\n").at(-1)).toMatch(/^replied: \{"reply":"Refund \S+ of 40 is on its way\."/);
    expect(cli(["replay", id])).toMatchObject({ status: 0, stdout: "no divergence\n" });
  });

  it("replay --against a changed agent shows where the path parts", () => {
    const id = cli(["sessions", "--agent", "RefundAgent"]).stdout.trimEnd().split("\n")[1]!.split(/\s+/).at(-1)!;
    const changed = join(temp, "agents", "refund-fix.agent");
    writeFileSync(changed, readFileSync(join(temp, "agents", "refund.agent"), "utf8").replace("when verdict.amount > 200 -> approve", "when verdict.amount > 30 -> approve"));
    const r = cli(["replay", id, "--against", "agents/refund-fix.agent"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("recorded: lookup → judge → refund → replied");
    expect(r.stdout).toContain("agents/refund-fix.agent: lookup → judge → approve");
    expect(r.stdout).toContain("path differs at step 3: recorded refund (call issueRefund");
    const same = cli(["replay", id, "--against", "agents/refund.agent"]);
    expect(same).toMatchObject({ status: 0 });
    expect(same.stdout).toContain("same path");
    rmSync(changed);
  });

  it("exports a replay file with @pii values masked that still replays", () => {
    const id = cli(["sessions", "--agent", "RefundAgent"]).stdout.trimEnd().split("\n")[1]!.split(/\s+/).at(-1)!;
    const out = join(temp, "shared.replay.json");
    expect(cli(["export", id, "--out", out]).status).toBe(0);
    const text = readFileSync(out, "utf8");
    expect(text).not.toContain("+1 555 0100");
    expect(text).toMatch(/\[pii:[0-9a-f]{8}\]/);
    expect(cli(["replay", out, "--agent", "agents/refund.agent"])).toMatchObject({ status: 0, stdout: "no divergence\n" });
    expect(cli(["replay", out])).toMatchObject({ status: 0, stdout: "no divergence\n" });
  });

  it("refuses what it cannot do in one line", () => {
    expectUsageError(cli(["show", "nope"]), /no session nope/);
    expectUsageError(cli(["replay", join(temp, "script.json"), "--agent", "agents/refund.agent"]), /not an agentc replay file/);
    expectUsageError(cli(["resume", lastId(), "--mock"]), /already ended/);
    expectUsageError(cli(["sessions", "prune", "--older-than", "soon"]), /--older-than takes an age/);
    const corrupt = join(temp, "corrupt.db");
    writeFileSync(corrupt, "not a database at all".repeat(500));
    expectUsageError(cli(["sessions", "--store", corrupt]), /corrupt\.db/);
  });

  it("parks at a human wait, takes a checked response once with `respond`, and fires due waits with `resume --due`", () => {
    const approve = join(temp, "approve.json");
    writeFileSync(approve, JSON.stringify({ judge: [{ eligible: true, amount: 300, reason: "broken" }] }));
    const run = cli(["run", "agents/refund.agent", "--mock", "--park", "--input", input, "--script", approve]);
    expect(run.status).toBe(0);
    const id = lastId();
    expect(run.stdout.trimEnd().split("\n").at(-1)).toBe(`waiting for finance (due ${run.stdout.match(/due (\S+)\)/)![1]}): answer with \`agentc respond ${id} '<json>'\``);
    expect(cli(["sessions", "--status", "waiting"]).stdout).toContain(id);
    const bad = cli(["respond", id, JSON.stringify({ approved: "yes" }), "--mock"]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/^error: the response to session \S+ does not match what the wait expects: approved: /);
    const ok = cli(["respond", id, JSON.stringify({ approved: true }), "--mock"]);
    expect(ok.status).toBe(0);
    expect(ok.stdout.trimEnd().split("\n").at(-1)).toMatch(/^replied: \{"reply":"Refund \S+ of 300 is on its way\."/);
    expectUsageError(cli(["respond", id, JSON.stringify({ approved: true }), "--mock"]), /not waiting for a response/);
    expect(cli(["resume", "--due"]).stdout).toBe("no waits are due\n");
    expectUsageError(cli(["resume"]), /needs a session id/);
  });

  it("prunes ended sessions older than an age", () => {
    expect(cli(["sessions", "prune", "--older-than", "30d"]).stdout).toBe("pruned 0 session(s) that ended more than 30d ago\n");
    expect(cli(["sessions", "prune", "--older-than", "0m"]).stdout).toMatch(/^pruned 3 session\(s\)/);
    expect(cli(["sessions"]).stdout).toBe("no sessions\n");
  });
});
