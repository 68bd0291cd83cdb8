/**
 * The `agentc` command line (commander). Subcommands are loaded lazily so a command pays
 * only for what it uses: `check` must never load ts-morph, mermaid, the AI SDK or sqlite.
 *
 * Exit codes: 0 fine, 1 problems found (errors, files needing formatting), 2 usage errors
 * and missing or unreadable paths, 70 internal errors. Nothing prints a stack trace unless
 * AGENTC_DEBUG=1.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { EXIT_INTERNAL, EXIT_USAGE, UsageError } from "./errors.ts";
import { err } from "./output.ts";
import { packageInfo } from "./package-root.ts";

/** Runs the CLI and resolves to the exit code; never rejects. */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command("agentc")
    .description("The .agent compiler: checks, formats, builds and documents LLM agents.")
    .version(packageInfo().version, "-V, --version")
    .option("--no-color", "never colour the output (also: NO_COLOR=1)")
    .showSuggestionAfterError()
    .exitOverride();

  program
    .command("check")
    .description("check .agent files and print diagnostics")
    .argument("[paths...]", "files or folders (searched recursively for *.agent)", [])
    .addOption(new Option("--format <format>", "output format").choices(["human", "json"]).default("human"))
    .option("--root <dir>", "workspace root: imports must stay inside it (default: nearest folder with package.json or .git)")
    .option("--max-warnings <n>", "exit 1 when there are more warnings than this", parseCount)
    .action(async (paths: string[], _options, command: Command) => {
      const { checkCommand } = await import("./commands/check.ts");
      exitCode = await checkCommand(paths, command.optsWithGlobals());
    });

  program
    .command("fmt")
    .description("rewrite .agent files in the canonical layout")
    .argument("[paths...]", "files or folders (searched recursively for *.agent)", [])
    .option("--check", "write nothing; exit 1 and list the files that would change")
    .action(async (paths: string[], _options, command: Command) => {
      const { fmtCommand } = await import("./commands/fmt.ts");
      exitCode = await fmtCommand(paths, command.optsWithGlobals());
    });

  program
    .command("build")
    .description("generate each agent's machine module, tool contracts, flowchart, runbook and cost bound")
    .argument("[paths...]", "files or folders (searched recursively for *.agent)", [])
    .requiredOption("--out <dir>", "output folder: each agent is written to <dir>/<agent-name>/")
    .option("--check", "write nothing; exit 1 when the generated files or the prompt lockfile are stale")
    .option("--root <dir>", "workspace root (imports stay inside it; agentc.lock.json lives in it)")
    .option("--prices <file>", "a JSON price table (USD per 1M tokens) merged over the built-in one")
    .action(async (paths: string[], _options, command: Command) => {
      const { buildCommand } = await import("./commands/build.ts");
      exitCode = await buildCommand(paths, command.optsWithGlobals());
    });

  program
    .command("docs")
    .description("write a static HTML site: flowcharts, tool contracts and runbooks (no network needed to view it)")
    .argument("[paths...]", "files or folders (searched recursively for *.agent)", [])
    .requiredOption("--out <dir>", "the site folder (replaced as a whole)")
    .option("--root <dir>", "workspace root (imports stay inside it)")
    .action(async (paths: string[], _options, command: Command) => {
      const { docsCommand } = await import("./commands/docs.ts");
      exitCode = await docsCommand(paths, command.optsWithGlobals());
    });

  program
    .command("test")
    .description("run each agent's generated property-based adversarial suite and print properties and coverage")
    .argument("[paths...]", "files or folders (searched recursively for *.agent)", [])
    .option("--runs <n>", "cases (full sessions) per agent", parseCount, 100)
    .option("--seed <n>", "the fast-check seed (default: random, printed)", parseCount)
    .addOption(new Option("--reporter <reporter>", "output format").choices(["human", "json", "junit"]).default("human"))
    .option("--corpus <dir>", "add the JSONL corpora in this folder ({\"text\": …} per line); repeatable", collect, [])
    .option("--replay <file>", "run one saved counterexample (.agentc/counterexamples/*.json) again")
    .option("--update-snapshots", "rewrite the prompt snapshots (__snapshots__/<agent>.prompts.md) instead of comparing")
    .option("--fuzz", "fuzz mode: run cases until --time is up, report cases per second and any failure")
    .option("--time <duration>", "with --fuzz: how long (60s, 2m, 500ms)")
    .option("--case-timeout <duration>", "with --fuzz: each case's timeout (default 10s)")
    .option("--root <dir>", "workspace root (imports stay inside it)")
    .action(async (paths: string[], _options, command: Command) => {
      const { testCommand } = await import("./commands/test.ts");
      exitCode = await testCommand(paths, command.optsWithGlobals());
    });

  const prompts = program.command("prompts").description("work with an agent's versioned prompts");
  prompts
    .command("diff")
    .description("render the prompts for the agent's example inputs at git HEAD and now, and show the differences")
    .argument("<file>", "an .agent file inside a git repository")
    .action(async (file: string) => {
      const { promptsDiffCommand } = await import("./commands/prompts.ts");
      exitCode = await promptsDiffCommand(file);
    });

  program
    .command("run")
    .description("run one session of an agent and print it as a timeline (with --mock: generated tools, model and humans)")
    .argument("<file>", "an .agent file")
    .option("--input <json>", "the agent's input as JSON, or @file.json (with --mock: generated when omitted)")
    .option("--agent <name>", "which agent, when the file defines several")
    .option("--mock", "mock tools, model and humans, generated from the schemas")
    .option("--park", "with --mock: park at human waits (answer with `agentc respond`) instead of mocking the person")
    .option("--fail <tool=spec>", "with --mock: make a tool fail (tool=0.5, tool=NamedError, tool=timeout, tool=latency:200ms); repeatable", collect, [])
    .option("--seed <n>", "with --mock: the seed of every generated value", parseCount)
    .option("--script <file>", "with --mock: model answers from a JSON file")
    .option("--tools <module>", "without --mock: a module exporting the tool implementations (`export const tools = { … }`)")
    .option("--mcp <config.json>", "without --mock: bind agent tools to MCP servers ({ servers, bindings }; see docs/runtime.md)")
    .option("--trace-out <file>", "write the session's spans as OTLP/HTTP JSON (resourceSpans)")
    .option("--flags <file>", "the kill-switch file (default .agentc/flags.json, or AGENTC_FLAGS)")
    .option("--store <file>", "the session store (default .agentc/sessions.db, or AGENTC_STORE)")
    .option("--root <dir>", "workspace root (imports stay inside it)")
    .action(async (file: string, _options, command: Command) => {
      const { runCommand } = await import("./commands/run.ts");
      exitCode = await runCommand(file, command.optsWithGlobals());
    });

  const storeOption = (): Option => new Option("--store <file>", "the session store (default .agentc/sessions.db, or AGENTC_STORE)");
  const sessions = program
    .command("sessions")
    .description("list stored sessions, oldest first (status, agent, version, steps, tokens, cost, started, ended, id)")
    .addOption(storeOption())
    .option("--status <status>", "only sessions with this status (running, waiting, replied, escalated)")
    .option("--agent <name>", "only sessions of this agent")
    .action(async (_options, command: Command) => {
      const { sessionsCommand } = await import("./commands/sessions.ts");
      exitCode = await sessionsCommand(command.optsWithGlobals());
    });
  sessions
    .command("prune")
    .description("delete ended sessions and their recordings older than an age")
    .requiredOption("--older-than <age>", "e.g. 30d, 12h, 90m")
    .addOption(storeOption())
    .action(async (_options, command: Command) => {
      const { pruneCommand } = await import("./commands/sessions.ts");
      exitCode = await pruneCommand(command.optsWithGlobals());
    });

  program
    .command("show")
    .description("print a stored session as a timeline: steps, model requests, tool calls, decisions, tokens, cost")
    .argument("<session-id>")
    .addOption(storeOption())
    .action(async (id: string, _options, command: Command) => {
      const { showCommand } = await import("./commands/sessions.ts");
      exitCode = await showCommand(id, command.optsWithGlobals());
    });

  program
    .command("replay")
    .description("re-run a recorded session offline (no tool or model is called): `no divergence` or `divergence at step N: …`")
    .argument("<session>", "a session id in the store, or a replay file from `agentc export`")
    .option("--against <file>", "run the recorded inputs through a changed .agent file and show where the path differs")
    .option("--agent <file>", "the .agent file the session came from (default: the one recorded)")
    .addOption(storeOption())
    .action(async (target: string, _options, command: Command) => {
      const { replayCommand } = await import("./commands/sessions.ts");
      exitCode = await replayCommand(target, command.optsWithGlobals());
    });

  program
    .command("respond")
    .description("answer a session parked at a human wait (checked against the wait's schema) and continue it")
    .argument("<session-id>")
    .argument("<response>", "the response as JSON, or @file.json")
    .option("--agent <file>", "the .agent file (default: the one recorded)")
    .option("--mock", "mock tools and the model for the rest of the session")
    .option("--seed <n>", "with --mock: the seed of every generated value", parseCount)
    .option("--tools <module>", "without --mock: a module exporting the tool implementations")
    .option("--mcp <config.json>", "without --mock: bind agent tools to MCP servers")
    .option("--flags <file>", "the kill-switch file")
    .addOption(storeOption())
    .action(async (id: string, response: string, _options, command: Command) => {
      const { respondCommand } = await import("./commands/sessions.ts");
      exitCode = await respondCommand(id, response, command.optsWithGlobals());
    });

  program
    .command("resume")
    .description("continue a stored session after a crash or a deploy, from its last committed step (--due: fire the human waits past their deadline)")
    .argument("[session-id]")
    .option("--due", "fire every human wait that is past its deadline (its timeout edge)")
    .option("--agent <file>", "the .agent file (default: the one recorded)")
    .option("--mock", "mock tools, model and humans (as `agentc run --mock`)")
    .option("--seed <n>", "with --mock: the seed of every generated value", parseCount)
    .option("--fail <tool=spec>", "with --mock: make a tool fail; repeatable", collect, [])
    .option("--tools <module>", "without --mock: a module exporting the tool implementations")
    .option("--mcp <config.json>", "without --mock: bind agent tools to MCP servers")
    .option("--flags <file>", "the kill-switch file")
    .addOption(storeOption())
    .action(async (id: string | undefined, _options, command: Command) => {
      const { resumeCommand, resumeDueCommand } = await import("./commands/sessions.ts");
      const opts = command.optsWithGlobals() as { due?: boolean };
      if (opts.due === true) {
        if (id !== undefined) throw new UsageError("resume --due fires every due wait: give no session id");
        exitCode = await resumeDueCommand(command.optsWithGlobals());
      } else {
        if (id === undefined) throw new UsageError("resume needs a session id (or --due)");
        exitCode = await resumeCommand(id, command.optsWithGlobals());
      }
    });

  program
    .command("export")
    .description("write a session as a replay file with every @pii value replaced by a stable placeholder")
    .argument("<session-id>")
    .option("--out <file>", "where to write it (default <session-id>.replay.json)")
    .option("--agent <file>", "the .agent file (default: the one recorded)")
    .addOption(storeOption())
    .action(async (id: string, _options, command: Command) => {
      const { exportCommand } = await import("./commands/sessions.ts");
      exitCode = await exportCommand(id, command.optsWithGlobals());
    });

  const flags = program
    .command("flags")
    .description("kill switches the runtime reads before every step (a JSON file; default .agentc/flags.json, or AGENTC_FLAGS)")
    .option("--flags <file>", "the flags file");
  flags
    .command("list")
    .description("print the flags that are set")
    .action((_options, command: Command) => runFlags(async (m) => m.flagsListCommand(command.optsWithGlobals())));
  flags
    .command("set")
    .description("set a flag: tool.<Tool>.disabled, agent.<Agent>.disabled or agent.<Agent>.forceEscalate")
    .argument("<flag>", "the flag name")
    .argument("[value]", "true (default) or false")
    .action((name: string, value: string | undefined, _options, command: Command) => runFlags(async (m) => m.flagsSetCommand(name, value, command.optsWithGlobals())));
  flags
    .command("unset")
    .description("clear a flag")
    .argument("<flag>", "the flag name")
    .action((name: string, _options, command: Command) => runFlags(async (m) => m.flagsUnsetCommand(name, command.optsWithGlobals())));

  program
    .command("explain")
    .description("print the documentation of a diagnostic code")
    .argument("<code>", "a diagnostic code, e.g. AGC2003")
    .action(async (code: string) => {
      const { explainCommand } = await import("./commands/explain.ts");
      exitCode = explainCommand(code);
    });

  async function runFlags(action: (module: typeof import("./commands/flags.ts")) => Promise<number>): Promise<void> {
    exitCode = await action(await import("./commands/flags.ts"));
  }

  program
    .command("lsp")
    .description("run the language server (for editors) over stdin/stdout")
    .option("--stdio", "talk LSP over stdin/stdout (the only transport)")
    .action(async (options: { stdio?: boolean }) => {
      const { lspCommand } = await import("./commands/lsp.ts");
      exitCode = await lspCommand(options);
    });

  try {
    await program.parseAsync(argv, { from: "node" });
    return exitCode;
  } catch (error) {
    return handleError(error);
  }
}

/** Entry point used by bin/agentc.js: runs `main` and sets the process exit code. */
export async function run(argv: readonly string[] = process.argv): Promise<void> {
  process.stdout.on("error", exitOnBrokenPipe);
  process.stderr.on("error", exitOnBrokenPipe);
  process.on("unhandledRejection", (reason) => {
    process.exitCode = handleError(reason);
  });
  process.exitCode = await main(argv);
}

function handleError(error: unknown): number {
  if (error instanceof CommanderError) {
    // commander has already printed its message (or the help / version).
    return error.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  if (error instanceof UsageError) {
    err(`error: ${error.message}`);
    return EXIT_USAGE;
  }
  const message = error instanceof Error ? error.message : String(error);
  err(`error: internal error: ${message.split("\n")[0]}${process.env["AGENTC_DEBUG"] === "1" ? "" : " (set AGENTC_DEBUG=1 for details)"}`);
  if (process.env["AGENTC_DEBUG"] === "1" && error instanceof Error && error.stack) err(error.stack);
  return EXIT_INTERNAL;
}

function collect(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("expected a whole number");
  return Number(value);
}

function exitOnBrokenPipe(error: NodeJS.ErrnoException): void {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
}
