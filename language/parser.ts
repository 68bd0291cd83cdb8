/**
 * The .agent grammar as a chevrotain `CstParser` (see language/README.md for the EBNF).
 * Rules are class properties, there are no embedded actions, and error recovery is on so
 * that a broken file still yields a partial tree. `cst-to-ast.ts` turns the CST into the AST.
 */
import { CstParser, EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from "chevrotain";
import {
  allTokens,
  Arrow,
  At,
  BlockString,
  Colon,
  Comma,
  Dot,
  Duration,
  BinaryOp,
  Gt,
  KW,
  LBracket,
  LCurly,
  LParen,
  Name,
  NumberLit,
  Percent,
  Pipe,
  Question,
  RBracket,
  RCurly,
  RParen,
  StringLit,
  VersionTag,
} from "./tokens.ts";

/** Keywords that begin the next transition of a state: never an escalation target's name. */
const TRANSITION_STARTS: ReadonlySet<TokenType> = new Set([KW.on, KW.when, KW.else]);

const RULE_DESCRIPTIONS: Record<string, string> = {
  file: "an `import`, an `agent` or a `tool`",
  agentMember: "an agent member (version, input, output, model, budget, escalation, alert, tool, prompt, example, test, start or state)",
  testItem: "a test line (input, model, tool, human or expect)",
  testExpectation: "an expectation (path [ … ], reply { … } or escalate TARGET)",
  toolClause: "a tool clause (input, output, errors, effects, timeout, retry, breaker, rate, calls or cost)",
  stateMember: "a state member (ask, call, use tools, await human, reply, escalate, when, else, on or ->)",
  typeExpr: "a type (string, number, integer, boolean, a \"literal\" union or a { record })",
  expr: "an expression",
  operand: "a value (a name, a number, a string, true, false, { … } or [ … ])",
  target: "a target (a state name, reply … or escalate …)",
  escalateAction: "the name of an escalation target after `escalate` (declared with `escalation NAME \"who\"`)",
  budgetItem: "a budget item (tokens N, cost N usd, steps N or time DURATION)",
  template: "a string",
  modelOption: "a model option (primary, fallback, maxTokens or temperature)",
  alertThreshold: "a threshold (a number, a percentage, a duration or an amount in usd)",
};

function tokenText(token: IToken): string {
  if (token.tokenType === EOF) return "the end of the file";
  const image = token.image.length > 40 ? `${token.image.slice(0, 37)}…` : token.image;
  return `'${image.replace(/[\r\n]+/g, " ")}'`;
}

function labelOf(type: TokenType): string {
  return type.LABEL ?? type.name;
}

const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    if (expected === EOF) return `unexpected ${tokenText(actual)}: expected an \`import\`, an \`agent\` or a \`tool\``;
    return `expected ${labelOf(expected)}, found ${tokenText(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${tokenText(firstRedundant)}: expected an \`import\`, an \`agent\` or a \`tool\``;
  },
  buildNoViableAltMessage({ actual, ruleName, expectedPathsPerAlt }) {
    const description = RULE_DESCRIPTIONS[ruleName] ?? describePaths(expectedPathsPerAlt);
    return `expected ${description}, found ${tokenText(actual[0]!)}`;
  },
  buildEarlyExitMessage({ actual, ruleName, expectedIterationPaths }) {
    const description = RULE_DESCRIPTIONS[ruleName] ?? describePaths([expectedIterationPaths]);
    return `expected ${description}, found ${tokenText(actual[0]!)}`;
  },
};

function describePaths(paths: TokenType[][][]): string {
  const firsts = new Set<string>();
  for (const alt of paths) for (const path of alt) if (path[0] !== undefined) firsts.add(labelOf(path[0]));
  const list = [...firsts];
  if (list.length === 0) return "something else";
  if (list.length === 1) return list[0]!;
  return `one of ${list.slice(0, -1).join(", ")} or ${list.at(-1)}`;
}

export class AgentParser extends CstParser {
  constructor() {
    super(allTokens, {
      recoveryEnabled: true,
      maxLookahead: 3,
      nodeLocationTracking: "onlyOffset",
      errorMessageProvider: messages,
    });
    this.performSelfAnalysis();
  }

  file = this.RULE("file", () => {
    this.MANY(() => this.SUBRULE(this.importDecl));
    this.MANY2(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.agentDecl) },
        { ALT: () => this.SUBRULE(this.toolDecl) },
      ]),
    );
  });

  importDecl = this.RULE("importDecl", () => {
    this.CONSUME(KW.import);
    this.CONSUME(LCurly);
    this.SUBRULE(this.nameList);
    this.CONSUME(RCurly);
    this.CONSUME(KW.from);
    this.CONSUME(StringLit, { LABEL: "from" });
  });

  /** `a, b, c` with an optional trailing comma. */
  nameList = this.RULE("nameList", () => {
    this.CONSUME(Name, { LABEL: "names" });
    this.MANY(() => {
      this.CONSUME(Comma);
      this.OPTION(() => this.CONSUME2(Name, { LABEL: "names" }));
    });
  });

  agentDecl = this.RULE("agentDecl", () => {
    this.CONSUME(KW.agent);
    this.CONSUME(Name, { LABEL: "name" });
    this.OPTION(() => this.CONSUME(StringLit, { LABEL: "description" }));
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.agentMember));
    this.CONSUME(RCurly);
  });

  agentMember = this.RULE("agentMember", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.versionDecl) },
      { ALT: () => this.SUBRULE(this.recordDecl) },
      { ALT: () => this.SUBRULE(this.modelDecl) },
      { ALT: () => this.SUBRULE(this.budgetDecl) },
      { ALT: () => this.SUBRULE(this.escalationDecl) },
      { ALT: () => this.SUBRULE(this.alertDecl) },
      { ALT: () => this.SUBRULE(this.toolDecl) },
      { ALT: () => this.SUBRULE(this.promptDecl) },
      { ALT: () => this.SUBRULE(this.exampleDecl) },
      { ALT: () => this.SUBRULE(this.testDecl) },
      { ALT: () => this.SUBRULE(this.startDecl) },
      { ALT: () => this.SUBRULE(this.stateDecl) },
    ]);
  });

  versionDecl = this.RULE("versionDecl", () => {
    this.CONSUME(KW.version);
    this.CONSUME(NumberLit, { LABEL: "value" });
  });

  recordDecl = this.RULE("recordDecl", () => {
    this.OR([
      { ALT: () => this.CONSUME(KW.input, { LABEL: "which" }) },
      { ALT: () => this.CONSUME(KW.output, { LABEL: "which" }) },
    ]);
    this.SUBRULE(this.recordType);
  });

  modelDecl = this.RULE("modelDecl", () => {
    this.CONSUME(KW.model);
    this.AT_LEAST_ONE(() => this.SUBRULE(this.modelOption));
  });

  modelOption = this.RULE("modelOption", () => {
    this.OR([
      { ALT: () => { this.CONSUME(KW.primary, { LABEL: "option" }); this.CONSUME(StringLit, { LABEL: "string" }); } },
      { ALT: () => { this.CONSUME(KW.fallback, { LABEL: "option" }); this.CONSUME2(StringLit, { LABEL: "string" }); } },
      { ALT: () => { this.CONSUME(KW.maxTokens, { LABEL: "option" }); this.CONSUME(NumberLit, { LABEL: "number" }); } },
      { ALT: () => { this.CONSUME(KW.temperature, { LABEL: "option" }); this.CONSUME2(NumberLit, { LABEL: "number" }); } },
    ]);
  });

  budgetDecl = this.RULE("budgetDecl", () => {
    this.CONSUME(KW.budget);
    this.SUBRULE(this.budgetItem);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.budgetItem);
    });
  });

  budgetItem = this.RULE("budgetItem", () => {
    this.OR([
      { ALT: () => { this.CONSUME(KW.tokens, { LABEL: "metric" }); this.CONSUME(NumberLit, { LABEL: "number" }); } },
      { ALT: () => { this.CONSUME(KW.cost, { LABEL: "metric" }); this.SUBRULE(this.money); } },
      { ALT: () => { this.CONSUME(KW.steps, { LABEL: "metric" }); this.CONSUME2(NumberLit, { LABEL: "number" }); } },
      { ALT: () => { this.CONSUME(KW.time, { LABEL: "metric" }); this.CONSUME(Duration, { LABEL: "duration" }); } },
    ]);
  });

  money = this.RULE("money", () => {
    this.CONSUME(NumberLit, { LABEL: "amount" });
    this.CONSUME(KW.usd);
  });

  escalationDecl = this.RULE("escalationDecl", () => {
    this.CONSUME(KW.escalation);
    this.CONSUME(Name, { LABEL: "name" });
    this.OPTION(() => this.CONSUME(StringLit, { LABEL: "description" }));
  });

  alertDecl = this.RULE("alertDecl", () => {
    this.CONSUME(KW.alert);
    this.CONSUME(Name, { LABEL: "metric" });
    this.CONSUME(Gt);
    this.SUBRULE(this.alertThreshold);
  });

  alertThreshold = this.RULE("alertThreshold", () => {
    this.OR([
      { ALT: () => this.CONSUME(Percent, { LABEL: "percent" }) },
      { ALT: () => this.CONSUME(Duration, { LABEL: "duration" }) },
      { ALT: () => this.SUBRULE(this.money) },
      { ALT: () => this.CONSUME(NumberLit, { LABEL: "number" }) },
    ]);
  });

  toolDecl = this.RULE("toolDecl", () => {
    this.CONSUME(KW.tool);
    this.CONSUME(Name, { LABEL: "name" });
    this.OPTION(() => this.CONSUME(StringLit, { LABEL: "description" }));
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.toolClause));
    this.CONSUME(RCurly);
  });

  toolClause = this.RULE("toolClause", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.recordDecl) },
      { ALT: () => this.SUBRULE(this.errorsClause) },
      { ALT: () => this.SUBRULE(this.effectsClause) },
      { ALT: () => { this.CONSUME(KW.timeout, { LABEL: "timeout" }); this.CONSUME(Duration, { LABEL: "duration" }); } },
      { ALT: () => this.SUBRULE(this.retryClause) },
      { ALT: () => this.SUBRULE(this.breakerClause) },
      { ALT: () => this.SUBRULE(this.rateClause) },
      { ALT: () => { this.CONSUME(KW.calls, { LABEL: "calls" }); this.CONSUME(NumberLit, { LABEL: "number" }); } },
      { ALT: () => { this.CONSUME(KW.cost, { LABEL: "cost" }); this.SUBRULE(this.money); } },
    ]);
  });

  errorsClause = this.RULE("errorsClause", () => {
    this.CONSUME(KW.errors);
    this.SUBRULE(this.toolError);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.toolError);
    });
  });

  toolError = this.RULE("toolError", () => {
    this.CONSUME(Name, { LABEL: "name" });
    this.OPTION(() => this.CONSUME(KW.retryable));
  });

  effectsClause = this.RULE("effectsClause", () => {
    this.CONSUME(KW.effects);
    this.OR([
      { ALT: () => this.CONSUME(KW.none, { LABEL: "effect" }) },
      { ALT: () => this.CONSUME(KW.read, { LABEL: "effect" }) },
      { ALT: () => this.CONSUME(KW.write, { LABEL: "effect" }) },
      { ALT: () => this.CONSUME(KW.payment, { LABEL: "effect" }) },
    ]);
    this.OPTION(() => {
      this.CONSUME(KW.idempotent);
      this.CONSUME(KW.by);
      this.SUBRULE(this.path);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.path);
      });
    });
  });

  retryClause = this.RULE("retryClause", () => {
    this.CONSUME(KW.retry);
    this.OR([
      { ALT: () => this.CONSUME(KW.none) },
      {
        ALT: () => {
          this.CONSUME(NumberLit, { LABEL: "attempts" });
          this.OR2([
            { ALT: () => this.CONSUME(KW.exponential, { LABEL: "backoff" }) },
            { ALT: () => this.CONSUME(KW.fixed, { LABEL: "backoff" }) },
          ]);
          this.CONSUME(Duration, { LABEL: "delay" });
        },
      },
    ]);
  });

  breakerClause = this.RULE("breakerClause", () => {
    this.CONSUME(KW.breaker);
    this.CONSUME(NumberLit, { LABEL: "failures" });
    this.CONSUME(KW.failures);
    this.CONSUME(KW.in);
    this.CONSUME(Duration, { LABEL: "window" });
    this.CONSUME(KW.cooldown);
    this.CONSUME2(Duration, { LABEL: "cooldown" });
  });

  rateClause = this.RULE("rateClause", () => {
    this.CONSUME(KW.rate);
    this.CONSUME(NumberLit, { LABEL: "count" });
    this.CONSUME(KW.per);
    this.CONSUME(Duration, { LABEL: "per" });
  });

  promptDecl = this.RULE("promptDecl", () => {
    this.CONSUME(KW.prompt);
    this.CONSUME(Name, { LABEL: "name" });
    this.CONSUME(VersionTag, { LABEL: "version" });
    this.SUBRULE(this.template);
  });

  exampleDecl = this.RULE("exampleDecl", () => {
    this.CONSUME(KW.example);
    this.CONSUME(StringLit, { LABEL: "name" });
    this.SUBRULE(this.recordLiteral);
  });

  /** `test "name" { input { … } model judge { … } tool getOrder error NotFound … expect path [a, b] }` */
  testDecl = this.RULE("testDecl", () => {
    this.CONSUME(KW.test);
    this.CONSUME(StringLit, { LABEL: "name" });
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.testItem));
    this.CONSUME(RCurly);
  });

  testItem = this.RULE("testItem", () => {
    this.OR([
      { ALT: () => { this.CONSUME(KW.input, { LABEL: "item" }); this.SUBRULE(this.recordLiteral); } },
      {
        ALT: () => {
          this.CONSUME(KW.model, { LABEL: "item" });
          this.CONSUME(Name, { LABEL: "name" });
          this.OR4({
            IGNORE_AMBIGUITIES: true,
            DEF: [
              // `model diagnose call getOrder { … }`: in a tool loop, the model asks for a tool.
              { ALT: () => { this.CONSUME(KW.call); this.CONSUME5(Name, { LABEL: "call" }); this.SUBRULE2(this.recordLiteral, { LABEL: "args" }); } },
              { ALT: () => this.SUBRULE(this.operand, { LABEL: "value" }) },
            ],
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.tool, { LABEL: "item" });
          this.CONSUME2(Name, { LABEL: "name" });
          this.OR2({
            IGNORE_AMBIGUITIES: true,
            DEF: [
              { ALT: () => { this.CONSUME(KW.error); this.CONSUME3(Name, { LABEL: "error" }); } },
              { ALT: () => this.CONSUME(KW.timeout, { LABEL: "timeout" }) },
              { ALT: () => this.SUBRULE2(this.operand, { LABEL: "value" }) },
            ],
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.human, { LABEL: "item" });
          this.CONSUME4(Name, { LABEL: "name" });
          this.OR3({
            IGNORE_AMBIGUITIES: true,
            DEF: [
              { ALT: () => this.CONSUME2(KW.timeout, { LABEL: "timeout" }) },
              { ALT: () => this.SUBRULE3(this.operand, { LABEL: "value" }) },
            ],
          });
        },
      },
      { ALT: () => { this.CONSUME(KW.expect, { LABEL: "item" }); this.SUBRULE(this.testExpectation); } },
    ]);
  });

  testExpectation = this.RULE("testExpectation", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(KW.path, { LABEL: "which" });
          this.CONSUME(LBracket);
          this.OPTION(() => this.SUBRULE(this.nameList));
          this.CONSUME(RBracket);
        },
      },
      { ALT: () => { this.CONSUME(KW.reply, { LABEL: "which" }); this.OPTION2(() => this.SUBRULE(this.recordLiteral)); } },
      {
        ALT: () => {
          this.CONSUME(KW.escalate, { LABEL: "which" });
          this.CONSUME(Name, { LABEL: "target" });
          this.OPTION3(() => this.CONSUME(StringLit, { LABEL: "reason" }));
        },
      },
    ]);
  });

  startDecl = this.RULE("startDecl", () => {
    this.CONSUME(KW.start);
    this.CONSUME(Name, { LABEL: "state" });
  });

  stateDecl = this.RULE("stateDecl", () => {
    this.CONSUME(KW.state);
    this.CONSUME(Name, { LABEL: "name" });
    this.OPTION(() => this.CONSUME(StringLit, { LABEL: "description" }));
    this.CONSUME(LCurly);
    this.OPTION2(() => {
      this.CONSUME(KW.visits);
      this.CONSUME(KW.at);
      this.CONSUME(KW.most);
      this.CONSUME(NumberLit, { LABEL: "visitLimit" });
    });
    this.MANY(() => this.SUBRULE(this.stateMember));
    this.CONSUME(RCurly);
  });

  stateMember = this.RULE("stateMember", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.askAction) },
      { ALT: () => this.SUBRULE(this.callAction) },
      { ALT: () => this.SUBRULE(this.loopAction) },
      { ALT: () => this.SUBRULE(this.awaitAction) },
      { ALT: () => this.SUBRULE(this.replyAction) },
      { ALT: () => this.SUBRULE(this.escalateAction) },
      { ALT: () => this.SUBRULE(this.transition) },
    ]);
  });

  askAction = this.RULE("askAction", () => {
    this.CONSUME(KW.ask);
    this.CONSUME(Name, { LABEL: "prompt" });
    this.CONSUME(KW.as);
    this.CONSUME2(Name, { LABEL: "result" });
    this.CONSUME(Colon);
    this.SUBRULE(this.typeExpr);
    this.OPTION(() => {
      this.CONSUME(KW.maxTokens);
      this.CONSUME(NumberLit, { LABEL: "maxTokens" });
    });
  });

  callAction = this.RULE("callAction", () => {
    this.CONSUME(KW.call);
    this.CONSUME(Name, { LABEL: "tool" });
    this.SUBRULE(this.recordLiteral);
    this.OPTION(() => {
      this.CONSUME(KW.as);
      this.CONSUME2(Name, { LABEL: "result" });
    });
  });

  loopAction = this.RULE("loopAction", () => {
    this.CONSUME(KW.use);
    this.CONSUME(KW.tools);
    this.CONSUME(LBracket);
    this.SUBRULE(this.nameList);
    this.CONSUME(RBracket);
    this.CONSUME(KW.with);
    this.CONSUME(KW.prompt);
    this.CONSUME(Name, { LABEL: "prompt" });
    this.CONSUME(KW.until);
    this.CONSUME2(Name, { LABEL: "result" });
    this.CONSUME(Colon);
    this.SUBRULE(this.typeExpr);
    this.OPTION(() => {
      this.CONSUME(KW.at);
      this.CONSUME(KW.most);
      this.CONSUME(NumberLit, { LABEL: "maxTurns" });
      this.CONSUME(KW.turns);
    });
    this.OPTION2(() => {
      this.CONSUME(KW.maxTokens);
      this.CONSUME2(NumberLit, { LABEL: "maxTokens" });
    });
  });

  awaitAction = this.RULE("awaitAction", () => {
    this.CONSUME(KW.await);
    this.CONSUME(KW.human);
    this.CONSUME(Name, { LABEL: "target" });
    this.CONSUME(KW.as);
    this.CONSUME2(Name, { LABEL: "result" });
    this.CONSUME(Colon);
    this.SUBRULE(this.typeExpr);
    this.OPTION(() => {
      this.CONSUME(KW.timeout);
      this.CONSUME(Duration, { LABEL: "timeout" });
    });
  });

  replyAction = this.RULE("replyAction", () => {
    this.CONSUME(KW.reply);
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.template);
          this.OPTION(() => {
            this.CONSUME(KW.with);
            this.SUBRULE(this.recordField);
            this.MANY(() => {
              this.CONSUME(Comma);
              this.SUBRULE2(this.recordField);
            });
          });
        },
      },
      { ALT: () => this.SUBRULE(this.recordLiteral) },
    ]);
  });

  escalateAction = this.RULE("escalateAction", () => {
    this.CONSUME(KW.escalate);
    // Keywords are names where a name is expected, but `escalate` followed by the next
    // transition (`on`, `when`, `else`) is a missing target, not a target called `on`.
    this.OR([
      {
        GATE: () => !TRANSITION_STARTS.has(this.LA(1).tokenType),
        ALT: () => this.CONSUME(Name, { LABEL: "target" }),
      },
    ]);
    this.OPTION(() => this.SUBRULE(this.template));
  });

  transition = this.RULE("transition", () => {
    this.OPTION(() =>
      this.OR([
        { ALT: () => { this.CONSUME(KW.when); this.SUBRULE(this.expr); } },
        { ALT: () => this.CONSUME(KW.else) },
        { ALT: () => { this.CONSUME(KW.on); this.CONSUME(Name, { LABEL: "on" }); } },
      ]),
    );
    this.CONSUME(Arrow);
    this.SUBRULE(this.target);
    this.OPTION2(() => {
      this.CONSUME(KW.unreachable);
      this.CONSUME(StringLit, { LABEL: "reason" });
    });
  });

  target = this.RULE("target", () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.replyAction) },
        { ALT: () => this.SUBRULE(this.escalateAction) },
        { ALT: () => this.CONSUME(Name, { LABEL: "state" }) },
      ],
    });
  });

  template = this.RULE("template", () => {
    this.OR([
      { ALT: () => this.CONSUME(StringLit, { LABEL: "string" }) },
      { ALT: () => this.CONSUME(BlockString, { LABEL: "string" }) },
    ]);
  });

  // ── Types ──────────────────────────────────────────────────────────────────

  typeExpr = this.RULE("typeExpr", () => {
    this.OR([
      { ALT: () => this.CONSUME(KW.string, { LABEL: "primitive" }) },
      { ALT: () => this.CONSUME(KW.number, { LABEL: "primitive" }) },
      { ALT: () => this.CONSUME(KW.integer, { LABEL: "primitive" }) },
      { ALT: () => this.CONSUME(KW.boolean, { LABEL: "primitive" }) },
      {
        ALT: () => {
          this.CONSUME(StringLit, { LABEL: "literal" });
          this.MANY(() => {
            this.CONSUME(Pipe);
            this.CONSUME2(StringLit, { LABEL: "literal" });
          });
        },
      },
      { ALT: () => this.SUBRULE(this.recordType) },
      { ALT: () => { this.CONSUME(LParen); this.SUBRULE(this.typeExpr, { LABEL: "inner" }); this.CONSUME(RParen); } },
    ]);
    this.MANY2(() => {
      this.CONSUME(LBracket, { LABEL: "array" });
      this.CONSUME(RBracket);
    });
  });

  recordType = this.RULE("recordType", () => {
    this.CONSUME(LCurly);
    this.OPTION(() => {
      this.SUBRULE(this.fieldDecl);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.OPTION2(() => this.SUBRULE2(this.fieldDecl));
      });
    });
    this.CONSUME(RCurly);
  });

  fieldDecl = this.RULE("fieldDecl", () => {
    this.CONSUME(Name, { LABEL: "name" });
    this.OPTION(() => this.CONSUME(Question));
    this.CONSUME(Colon);
    this.SUBRULE(this.typeExpr);
    this.MANY(() => this.SUBRULE(this.annotation));
  });

  annotation = this.RULE("annotation", () => {
    this.CONSUME(At);
    this.CONSUME(Name, { LABEL: "name" });
    this.OPTION(() => {
      this.CONSUME(LParen);
      this.OR([
        { ALT: () => this.CONSUME(NumberLit, { LABEL: "argument" }) },
        { ALT: () => this.CONSUME(StringLit, { LABEL: "argument" }) },
      ]);
      this.CONSUME(RParen);
    });
  });

  // ── Expressions ────────────────────────────────────────────────────────────

  /** Operators and operands in a flat list; `cst-to-ast.ts` applies precedence (fewer CST nodes). */
  expr = this.RULE("expr", () => {
    this.SUBRULE(this.operand, { LABEL: "operands" });
    this.MANY(() => {
      this.CONSUME(BinaryOp, { LABEL: "operators" });
      this.SUBRULE2(this.operand, { LABEL: "operands" });
    });
  });

  operand = this.RULE("operand", () => {
    this.MANY(() => this.CONSUME(KW.not, { LABEL: "not" }));
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.CONSUME(KW.true, { LABEL: "boolean" }) },
        { ALT: () => this.CONSUME(KW.false, { LABEL: "boolean" }) },
        { ALT: () => this.CONSUME(NumberLit, { LABEL: "number" }) },
        { ALT: () => this.CONSUME(StringLit, { LABEL: "string" }) },
        { ALT: () => this.SUBRULE(this.recordLiteral) },
        { ALT: () => this.SUBRULE(this.arrayLiteral) },
        { ALT: () => { this.CONSUME(LParen); this.SUBRULE(this.expr); this.CONSUME(RParen); } },
        {
          ALT: () => {
            this.CONSUME(Name, { LABEL: "segments" });
            this.MANY2(() => {
              this.CONSUME(Dot);
              this.CONSUME2(Name, { LABEL: "segments" });
            });
          },
        },
      ],
    });
  });

  path = this.RULE("path", () => {
    this.CONSUME(Name, { LABEL: "segments" });
    this.MANY(() => {
      this.CONSUME(Dot);
      this.CONSUME2(Name, { LABEL: "segments" });
    });
  });

  recordLiteral = this.RULE("recordLiteral", () => {
    this.CONSUME(LCurly);
    this.OPTION(() => {
      this.SUBRULE(this.recordField);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.OPTION2(() => this.SUBRULE2(this.recordField));
      });
    });
    this.CONSUME(RCurly);
  });

  recordField = this.RULE("recordField", () => {
    this.CONSUME(Name, { LABEL: "name" });
    this.CONSUME(Colon);
    this.SUBRULE(this.expr);
  });

  arrayLiteral = this.RULE("arrayLiteral", () => {
    this.CONSUME(LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.expr);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.OPTION2(() => this.SUBRULE2(this.expr));
      });
    });
    this.CONSUME(RBracket);
  });
}

/** One parser instance, reused: chevrotain parsers are built once and reset per input. */
export const parser = new AgentParser();
