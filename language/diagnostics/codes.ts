/**
 * The one registry of diagnostic codes. Checks report by code, never by free text, so
 * rewording a message breaks no test. Ranges: 1xxx lexing and parsing, 2xxx names and
 * imports, 3xxx types and semantics, 4xxx emit. Each code has a page in
 * `docs/diagnostics/<CODE>.md` (`agentc explain <CODE>` prints it); a test keeps the
 * registry and the pages in step. Never reuse or renumber a code.
 */
import type { Severity } from "./diagnostic.ts";

export interface CodeEntry {
  readonly severity: Severity;
  /** Short name, used as the docs page title. */
  readonly title: string;
  /** Message template; `{0}`, `{1}`… are filled by the reporter. */
  readonly message: string;
  readonly help?: string;
}

export const DIAGNOSTIC_CODES = {
  // ── 1xxx: reading, lexing and parsing ─────────────────────────────────────
  AGC1001: { severity: "error", title: "unexpected character", message: "unexpected character {0}" },
  AGC1002: {
    severity: "error",
    title: "unterminated string",
    message: "unterminated string",
    help: 'close the string with a matching quote (" for one line, """ for a block)',
  },
  AGC1003: {
    severity: "error",
    title: "unterminated block comment",
    message: "unterminated block comment",
    help: "close the comment with */",
  },
  AGC1004: { severity: "error", title: "syntax error", message: "{0}" },
  AGC1005: {
    severity: "error",
    title: "file too large",
    message: "file is {0}, larger than the {1} limit",
    help: "split the agent into several files, or move shared tools into an imported file",
  },
  AGC1006: {
    severity: "error",
    title: "nesting too deep",
    message: "brackets nest deeper than {0} levels",
    help: "flatten the record or expression",
  },
  AGC1007: {
    severity: "error",
    title: "invalid UTF-8",
    message: "the file is not valid UTF-8 (first bad byte at offset {0})",
    help: "save the file as UTF-8",
  },
  AGC1008: { severity: "error", title: "number out of range", message: "{0}" },
  AGC1009: {
    severity: "warning",
    title: "invisible or bidirectional character",
    message: "{0} in {1}",
    help: "invisible and bidirectional control characters can make text read differently from what it does; remove it or write it as an escape such as \\u{200B}",
  },
  AGC1010: { severity: "error", title: "invalid escape sequence", message: "invalid escape sequence {0}", help: 'valid escapes are \\n \\t \\r \\" \\\\ \\{ and \\u{XXXX}' },
  AGC1011: { severity: "error", title: "malformed placeholder", message: "{0}", help: "a placeholder is a dotted name between {{ and }}, e.g. {{ order.total }}" },
  AGC1012: { severity: "error", title: "invalid literal", message: "{0}" },

  // ── 2xxx: names and imports ───────────────────────────────────────────────
  AGC2001: { severity: "error", title: "undefined state", message: 'no state named "{0}"', help: "declare the state, or fix the name" },
  AGC2002: { severity: "error", title: "undefined tool", message: 'no tool named "{0}"', help: "declare the tool in this agent or import it from a shared file" },
  AGC2003: { severity: "error", title: "duplicate name", message: 'duplicate {0} name "{1}"', help: "rename one of them" },
  AGC2004: { severity: "error", title: "undefined prompt", message: 'no prompt named "{0}"', help: "declare the prompt with `prompt <name> v1 \"\"\"…\"\"\"`" },
  AGC2005: { severity: "error", title: "undefined name", message: 'nothing named "{0}" is in scope here', help: "use `input.<field>` or the name given by `as <name>` in an earlier state" },
  AGC2006: { severity: "error", title: "unknown field", message: '{0} has no field "{1}"' },
  AGC2007: { severity: "error", title: "undefined tool error", message: 'tool "{0}" declares no error named "{1}"', help: "declare the error in the tool's `errors` clause, or handle `on error`" },
  AGC2008: { severity: "error", title: "undefined escalation target", message: 'no escalation target named "{0}"', help: 'declare it with `escalation {0} "who they are"`' },
  AGC2009: { severity: "error", title: "missing start state", message: "the agent has no `start` declaration", help: "add `start <state>` naming the first state" },
  AGC2010: { severity: "error", title: "duplicate declaration", message: "the agent declares {0} more than once" },
  AGC2011: { severity: "error", title: "import not found", message: 'cannot find "{0}"', help: "import paths are relative to the importing file and end in .agent" },
  AGC2012: { severity: "error", title: "import cycle", message: "import cycle: {0}", help: "move the shared tools into a file that imports nothing" },
  AGC2013: { severity: "error", title: "import outside the workspace", message: '"{0}" is outside the workspace root {1}', help: "keep shared declarations inside the workspace, e.g. in agents/shared/" },
  AGC2014: { severity: "error", title: "name not exported", message: '"{0}" does not declare a tool named "{1}"' },
  AGC2015: { severity: "error", title: "unknown alert metric", message: 'unknown alert metric "{0}"', help: "metrics: stepsPerCompletion, escalationRate, toolFailureRate, p95Latency, tokensPerDay, costPerDay" },
  AGC2016: { severity: "error", title: "unknown annotation", message: 'unknown annotation "@{0}"', help: "annotations: @pii, @min, @max, @minLength, @maxLength, @pattern" },
  AGC2017: { severity: "error", title: "missing agent", message: "{0}", help: "a file directly under agents/ holds one `agent Name \"description\" { … }`" },
  AGC2018: { severity: "error", title: "reserved name", message: '"{0}" is reserved and cannot name {1}', help: "choose another name" },
  AGC2019: { severity: "error", title: "duplicate agent name", message: 'two agents are named "{0}"', help: "agent names must be unique within a workspace" },
  AGC2020: { severity: "error", title: "unreadable import", message: 'cannot read "{0}": {1}' },

  // ── 3xxx: types and semantics ─────────────────────────────────────────────
  AGC3001: { severity: "error", title: "type mismatch", message: "{0}" },
  AGC3002: { severity: "error", title: "condition is not boolean", message: "a `when` condition must be boolean, found {0}" },
  AGC3003: { severity: "error", title: "missing tool argument", message: 'call to "{0}" is missing the required argument "{1}"' },
  AGC3004: { severity: "error", title: "unknown tool argument", message: 'tool "{0}" takes no argument "{1}"' },
  AGC3005: { severity: "error", title: "placeholder type", message: "placeholder `{{ {0} }}` is {1}; only strings, numbers, integers, booleans and string unions can be placed in text" },
  AGC3006: { severity: "error", title: "reply does not match the output record", message: "{0}" },
  AGC3007: { severity: "warning", title: "unreachable state", message: 'state "{0}" can never be entered', help: "remove it, or add a transition to it" },
  AGC3008: { severity: "error", title: "state with no way out", message: 'state "{0}" never reaches a reply or an escalation', help: "add a transition to a reply, an escalation, or a state that reaches one" },
  AGC3009: { severity: "error", title: "guards can fall through", message: "when no `when` condition holds, state \"{0}\" has nowhere to go", help: "add `else -> …` after the last `when`" },
  AGC3010: { severity: "error", title: "unbounded cycle", message: "cycle {0} has no bound", help: "add `visits at most N` to one of its states, or make one of them a bounded `use tools … at most N turns` loop" },
  AGC3011: { severity: "error", title: "side effect without idempotency key", message: 'tool "{0}" has `effects {1}` but no idempotency key', help: "add `idempotent by <input field>, …` to its effects clause" },
  AGC3012: { severity: "error", title: "LLM call without max tokens", message: "this {0} has no max tokens in scope", help: "set `maxTokens N` on the agent's `model` line or on the step" },
  AGC3013: { severity: "error", title: "agentic loop without a turn limit", message: "this tool loop has no turn limit", help: "end it with `at most N turns`" },
  AGC3014: { severity: "error", title: "unhandled tool error", message: 'state "{0}" does not handle error {1} of tool "{2}"', help: "add `on {1} -> …` or `on error -> …`" },
  AGC3015: { severity: "warning", title: "unused tool", message: 'tool "{0}" is never used', help: "remove it, or call it from a state" },
  AGC3016: { severity: "warning", title: "unused prompt", message: 'prompt "{0}" is never used', help: "remove it, or use it in an `ask` or a tool loop" },
  AGC3017: { severity: "error", title: "possibly unassigned result", message: '"{0}" may not be set when state "{1}" runs', help: "it is set only on some paths into this state; reach this state only after the step that sets it" },
  AGC3018: { severity: "error", title: "wrong number of actions", message: "{0}", help: "a state does exactly one thing: ask, call, use tools, await human, reply or escalate" },
  AGC3019: { severity: "error", title: "transition after a final action", message: "state \"{0}\" ends the session with {1}; it cannot have transitions" },
  AGC3020: { severity: "error", title: "trigger does not apply", message: "{0}" },
  AGC3021: { severity: "warning", title: "unreachable transition", message: "{0}", help: "remove it, or mark it `unreachable \"why\"` if it is there on purpose" },
  AGC3022: { severity: "error", title: "invalid value", message: "{0}" },
  AGC3023: { severity: "error", title: "invalid annotation", message: "{0}" },
  AGC3024: { severity: "error", title: "missing escalation target", message: "the agent declares no escalation target", help: 'declare one with `escalation oncall "who they are"`; the first is where budgets, limits and failures escalate' },
  AGC3025: { severity: "error", title: "missing contract clause", message: "{0}" },
  AGC3026: { severity: "error", title: "invalid idempotency key", message: "{0}" },
  AGC3027: { severity: "error", title: "invalid example input", message: "{0}" },
  AGC3028: { severity: "warning", title: "model name format", message: 'model "{0}" is not written as "provider:model"', help: 'write e.g. "openai:gpt-4.1-mini" or "anthropic:claude-haiku-4-5"' },
  AGC3029: { severity: "error", title: "missing output", message: "{0}" },
  AGC3030: { severity: "error", title: "human wait without timeout", message: "this human wait has no timeout", help: "add `timeout 24h` (or another duration) and an `on timeout -> …` transition" },
  AGC3031: { severity: "error", title: "no success transition", message: 'state "{0}" has nowhere to go when its {1} succeeds', help: "add `-> <state>` (or `when … -> …` guards ending with `else -> …`)" },
  AGC3032: {
    severity: "error",
    title: "result set with different types",
    message: 'result "{0}" is set here as {1} but elsewhere as {2}',
    help: "a result set by several states (a revision loop) must have the same type in each; give one of them another name",
  },
  AGC3033: {
    severity: "error",
    title: "LLM call without a model",
    message: "this state {0}, but the agent names no model",
    help: 'add `model primary "provider:model" maxTokens N` to the agent (e.g. `model primary "openai:gpt-4.1-mini" maxTokens 500`)',
  },
  AGC3034: { severity: "error", title: "unknown name in a test", message: "{0}" },
  AGC3035: { severity: "error", title: "invalid test value", message: "{0}" },
  AGC3036: { severity: "error", title: "duplicate test name", message: 'another test is also called "{0}"', help: "give each test of an agent its own name" },

  // ── 4xxx: build ───────────────────────────────────────────────────────────
  AGC4001: {
    severity: "warning",
    title: "worst case over budget",
    message: "the worst case of one {0} session is {1}, above its {2} budget of {3}",
    help: "the runtime's budget guard escalates a session before it crosses the budget; raise the budget, or lower maxTokens, turn limits or visit limits (the build prints the worst path)",
  },
  AGC4002: {
    severity: "warning",
    title: "model without a price",
    message: 'no price for model "{0}": the static cost bound leaves out its calls',
    help: "add the model to a price table file (USD per 1M input and output tokens)",
  },
  AGC4003: {
    severity: "warning",
    title: "no static cost bound",
    message: "no static bound on a session: cycle {0} can repeat without using up a visit or turn limit",
    help: "add `visits at most N` to a state of the cycle; a tool loop's turn limit does not bound a cycle that re-enters it through `on exhausted`",
  },
  AGC4004: {
    severity: "error",
    title: "prompt changed without a new version",
    message: 'prompt "{0}" v{1} changed since it was recorded in {2}',
    help: "prompts change like migrations: give the new text a new version (v{3}) and keep the old entry in the lockfile",
  },
} as const satisfies Record<string, CodeEntry>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export function isDiagnosticCode(value: string): value is DiagnosticCode {
  return Object.hasOwn(DIAGNOSTIC_CODES, value);
}
