/**
 * What every rule sees: one parsed file, its agent's symbol tables and state graph (when
 * it has an agent), the tool declarations written in it, and `report`. Rules never throw
 * on a partial tree: names may be "" (skip them) and lists may be short.
 */
import type * as A from "../../language/ast.ts";
import type { DiagnosticCode } from "../../language/diagnostics/codes.ts";
import { diagnostic, type Diagnostic, type RelatedLocation } from "../../language/diagnostics/diagnostic.ts";
import type { SourceFile, Span } from "../../language/span.ts";
import type { Scope } from "../resolve/expressions.ts";
import type { StateGraph } from "../resolve/state-graph.ts";
import type { AgentSymbols, ImportedTool } from "../resolve/symbols.ts";

export interface ReportOptions {
  readonly related?: readonly RelatedLocation[];
  readonly data?: Readonly<Record<string, unknown>>;
  readonly help?: string;
}

/** Everything about the agent a rule may need; absent in a library file. */
export interface AgentContext {
  readonly decl: A.AgentDecl;
  readonly symbols: AgentSymbols;
  readonly graph: StateGraph;
  /** Names that templates and expressions resolve against (input and every result). */
  readonly scope: Scope;
  readonly imports: readonly ImportedTool[];
}

export interface CheckContext {
  readonly file: string;
  readonly source: SourceFile;
  readonly ast: A.AgentFile;
  readonly agent: AgentContext | undefined;
  /** Tool declarations written in this file, inside the agent or at top level. */
  readonly toolDecls: readonly A.ToolDecl[];
  /** The file has syntax errors: rules must not report what may merely have been dropped. */
  readonly hasSyntaxErrors: boolean;
  report(code: DiagnosticCode, args: readonly (string | number)[], span: Span, options?: ReportOptions): void;
  /** A related location in this file (or in `file`). */
  related(span: Span, message: string, file?: string): RelatedLocation;
}

export interface CheckRule {
  /** kebab-case, the same as the rule's file and test. */
  readonly name: string;
  /**
   * Rules that report something MISSING (a start, an `else`, a handler, a path) would
   * report noise when the parser dropped the piece that was there, so they skip files
   * with syntax errors. Rules that report something present and wrong always run.
   */
  readonly needsCompleteTree: boolean;
  readonly run: (context: CheckContext) => void;
}

export function createContext(
  init: Omit<CheckContext, "report" | "related">,
  sink: Diagnostic[],
): CheckContext {
  return {
    ...init,
    report(code, args, span, options) {
      sink.push(diagnostic(code, args, { file: init.file, span, related: options?.related, data: options?.data, help: options?.help }));
    },
    related(span, message, file = init.file) {
      return { file, span, message };
    },
  };
}

export function membersOf<K extends A.AgentMember["kind"]>(agent: A.AgentDecl, kind: K): Extract<A.AgentMember, { kind: K }>[] {
  return agent.members.filter((m): m is Extract<A.AgentMember, { kind: K }> => m.kind === kind);
}

/** Every state declared in the agent, duplicates included, in source order. */
export function allStates(context: CheckContext): readonly A.StateDecl[] {
  return context.agent === undefined ? [] : membersOf(context.agent.decl, "StateDecl");
}

/** The one action of a state when it has exactly one (else the action-count rule speaks). */
export function soleAction(state: A.StateDecl): A.Action | undefined {
  return state.actions.length === 1 ? state.actions[0] : undefined;
}

/** A span from the start of `a` to the end of `b` (e.g. `ask judge` in a long action). */
export function spanFromTo(a: Span, b: Span): Span {
  return { start: a.start, end: Math.max(a.start, b.end) };
}

export function quoteList(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(", ");
}

/** A reply or escalation a state ends with: its action, or the target of one of its transitions. */
export interface FinalStep {
  readonly node: A.ReplyAction | A.EscalateAction;
  readonly transition: A.Transition | undefined;
}

export function finalSteps(state: A.StateDecl): FinalStep[] {
  const out: FinalStep[] = [];
  for (const action of state.actions) if (action.kind === "ReplyAction" || action.kind === "EscalateAction") out.push({ node: action, transition: undefined });
  for (const transition of state.transitions) {
    const target = transition.target;
    if (target.kind === "ReplyAction" || target.kind === "EscalateAction") out.push({ node: target, transition });
  }
  return out;
}

/** The report callback that expression typing uses, bound to a context. */
export function exprReporter(context: CheckContext): (code: DiagnosticCode, args: readonly (string | number)[], span: Span) => void {
  return (code, args, span) => context.report(code, args, span);
}
