/** The formatter on hand-written cases: layout, blank lines, wrapping, block strings, comments. */
import { describe, expect, it } from "vitest";
import { parse } from "../../language/parse.ts";
import { format, formatOrThrow } from "../../language/printer.ts";
import { stripSpans } from "./ast-equality.ts";

function fmt(text: string): string {
  const result = parse("test.agent", text);
  expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  const out = formatOrThrow(result);
  const again = parse("test.agent", out);
  expect(formatOrThrow(again)).toBe(out); // idempotent
  expect(stripSpans(again.file)).toEqual(stripSpans(result.file)); // same tree
  return out;
}

const agent = (body: string): string => `agent A "An agent." {\n${body}\n}\n`;

describe("format", () => {
  it("prints every construct canonically", () => {
    const source = `import {getOrder,issueRefund,} from "./shared/orders.agent"
agent   RefundAgent "Refunds." {
version 4
input{customerId:string,orderId:string @pattern("^o[0-9]+$"),message:string @pii,tags:("a"|"b")[],n?:integer @min(0) @max(10)}
output {reply:string,refundId?:string}
model primary "openai:gpt-4.1-mini" maxTokens 800 fallback "anthropic:claude-haiku-4-5" temperature 0.20
budget tokens 20000,cost 0.40 usd,steps 8,time 1.5m
escalation finance "Finance leads"
alert escalationRate>10%
alert costPerDay > 25 usd
tool lookup "Look up." { input {orderId:string} output {total:number} errors NotFound,Throttled retryable effects payment idempotent by orderId timeout 3s retry 3 exponential 200ms breaker 5 failures in 60s cooldown 30s rate 10 per 1s calls 3 cost 0.0002 usd }
tool other { input {} output {} retry none effects none }
prompt judge v03 "Decide {{input.message}}."
example "first" {customerId:"c1",orderId:"o9",message:"hi",tags:["a"]}
start s1
state s1 "First." { visits at most 3
call lookup {orderId:input.orderId} as order
on NotFound -> reply "none" unreachable "never"
on error -> escalate finance "down: {{ input.orderId }}"
when order.total>=1e3 and not (order.total==-2.50 or false) -> s2
else -> reply {reply:"x",refundId:"r"} }
state s2 { ask judge as verdict:{ok:boolean} maxTokens 300 -> s3 }
state s3 { use tools [other] with prompt judge until answer:{ok:boolean}[] at most 5 turns
on exhausted -> escalate finance
-> s4 }
state s4 { await human finance as response:{approved:boolean} timeout 24h
on timeout -> escalate finance "late"
when response.approved -> reply "ok" with refundId:"r-1"
when true -> reply "no" }
}`;
    expect(fmt(source)).toBe(`import { getOrder, issueRefund } from "./shared/orders.agent"
agent RefundAgent "Refunds." {
  version 4
  input {
    customerId: string,
    orderId: string @pattern("^o[0-9]+$"),
    message: string @pii,
    tags: ("a" | "b")[],
    n?: integer @min(0) @max(10),
  }
  output { reply: string, refundId?: string }
  model primary "openai:gpt-4.1-mini" fallback "anthropic:claude-haiku-4-5" maxTokens 800 temperature 0.20
  budget tokens 20000, cost 0.40 usd, steps 8, time 1.5m
  escalation finance "Finance leads"
  alert escalationRate > 10%
  alert costPerDay > 25 usd
  tool lookup "Look up." {
    input { orderId: string }
    output { total: number }
    errors NotFound, Throttled retryable
    effects payment idempotent by orderId
    timeout 3s
    retry 3 exponential 200ms
    breaker 5 failures in 60s cooldown 30s
    rate 10 per 1s
    calls 3
    cost 0.0002 usd
  }
  tool other {
    input {}
    output {}
    retry none
    effects none
  }
  prompt judge v03 "Decide {{input.message}}."
  example "first" { customerId: "c1", orderId: "o9", message: "hi", tags: ["a"] }
  start s1
  state s1 "First." {
    visits at most 3
    call lookup { orderId: input.orderId } as order
    on NotFound -> reply "none" unreachable "never"
    on error -> escalate finance "down: {{ input.orderId }}"
    when order.total >= 1e3 and not (order.total == -2.50 or false) -> s2
    else -> reply { reply: "x", refundId: "r" }
  }
  state s2 {
    ask judge as verdict: { ok: boolean } maxTokens 300
    -> s3
  }
  state s3 {
    use tools [other] with prompt judge until answer: { ok: boolean }[] at most 5 turns
    on exhausted -> escalate finance
    -> s4
  }
  state s4 {
    await human finance as response: { approved: boolean } timeout 24h
    on timeout -> escalate finance "late"
    when response.approved -> reply "ok" with refundId: "r-1"
    when true -> reply "no"
  }
}
`);
  });

  it("keeps one blank line where the author had any, none at block edges", () => {
    const out = fmt(agent(`\n\n  version 1\n\n\n\n  start s\n  state s {\n\n    reply "x"\n\n  }\n\n`));
    expect(out).toBe(`agent A "An agent." {\n  version 1\n\n  start s\n  state s {\n    reply "x"\n  }\n}\n`);
  });

  it("does not invent blank lines", () => {
    expect(fmt(agent(`  version 1\n  start s\n  state s { reply "x" }`))).toBe(agent(`  version 1\n  start s\n  state s {\n    reply "x"\n  }`));
  });

  it("wraps records longer than 100 columns, one field per line with trailing commas", () => {
    const long = "  input { aVeryLongFieldName: string, anotherVeryLongFieldName: number, yetAnotherLongField: boolean, more: integer }";
    expect(fmt(agent(long))).toBe(
      agent(`  input {\n    aVeryLongFieldName: string,\n    anotherVeryLongFieldName: number,\n    yetAnotherLongField: boolean,\n    more: integer,\n  }`),
    );
    // and joins records that fit
    expect(fmt(agent("  input {\n    a: string,\n    b: { c: number },\n  }"))).toBe(agent("  input { a: string, b: { c: number } }"));
  });

  it("wraps nested records independently", () => {
    expect(fmt(agent("  output { reply: string, details: { a: string }[], longFieldNumberOne: string, longFieldNumberTwo: number }"))).toBe(
      agent("  output {\n    reply: string,\n    details: { a: string }[],\n    longFieldNumberOne: string,\n    longFieldNumberTwo: number,\n  }"),
    );
    const text = agent(
      "  output { reply: string, details: { firstLongFieldName: string, secondLongFieldName: number, thirdLongFieldName: boolean }[] }",
    );
    expect(fmt(text)).toBe(
      agent(
        "  output {\n    reply: string,\n    details: {\n      firstLongFieldName: string,\n      secondLongFieldName: number,\n      thirdLongFieldName: boolean,\n    }[],\n  }",
      ),
    );
  });

  it("keeps comments: leading, trailing, before a closing brace, after an opening brace", () => {
    const text = `// file header

agent A "x" { // opens
  // about the version
  version 1 // trailing
  /* block */ start s
  tool t {
    input { a: string } // after input
    // before close of tool
  }
  state s {
    reply "x" /* one */ /* two */
  }
  // before close of agent
} // after the agent
// at the end
`;
    expect(fmt(text)).toBe(`// file header

agent A "x" { // opens
  // about the version
  version 1 // trailing
  /* block */
  start s
  tool t {
    input { a: string } // after input
    // before close of tool
  }
  state s {
    reply "x" /* one */ /* two */
  }
  // before close of agent
} // after the agent
// at the end
`);
  });

  it("moves comments inside expressions to the next statement-level position", () => {
    const text = agent(`  state s {
    ask p as r: { ok: boolean }
    when /* why */ r.ok and // really
      r.ok -> reply "a" // done
    else -> reply "b"
  }`);
    expect(fmt(text)).toBe(
      agent(`  state s {
    ask p as r: { ok: boolean }
    when r.ok and r.ok -> reply "a"
    /* why */
    // really
    // done
    else -> reply "b"
  }`),
    );
  });

  it("breaks a record that holds a comment, keeping the comment with its field", () => {
    const text = agent(`  input { a: string, /* after a */ b: number,
    /* why c */ c: boolean // last
  }`);
    expect(fmt(text)).toBe(agent(`  input {\n    a: string, /* after a */\n    b: number,\n    /* why c */\n    c: boolean, // last\n  }`));
    const call = agent(`  state s {\n    call t { x: 1, // the x\n      y: [1, /* two */ 2] } as r\n    -> s\n  }`);
    expect(fmt(call)).toBe(agent(`  state s {\n    call t {\n      x: 1, // the x\n      y: [1, 2],\n      /* two */\n    } as r\n    -> s\n  }`));
  });

  it("re-indents block strings without changing their text", () => {
    const text = agent(`prompt p v1 """
            Line one {{ input.x }}

              indented more
        """
  state s {
      reply """
      a
        b
      """ with x: 1
  }`);
    expect(fmt(text)).toBe(
      agent(`  prompt p v1 """
    Line one {{ input.x }}

      indented more
  """
  state s {
    reply """
      a
        b
    """ with x: 1
  }`),
    );
  });

  it("leaves a block string verbatim when re-indenting could change it", () => {
    // text on the opening line: no blank first line to re-indent from
    const text = agent(`  prompt p v1 """Line one
      two"""`);
    expect(fmt(text)).toBe(text);
  });

  it("keeps numbers, durations, money and strings as written", () => {
    const out = fmt(agent(`  budget tokens 1e4, cost 0.50 usd, time 1.5m\n  example "x" { s: "a\\"b\\u{1F600}\\{", n: 007, m: -0.0 }`));
    expect(out).toContain("budget tokens 1e4, cost 0.50 usd, time 1.5m");
    expect(out).toContain(`example "x" { s: "a\\"b\\u{1F600}\\{", n: 007, m: -0.0 }`);
  });

  it("writes LF only and a final newline, from CRLF input with a BOM", () => {
    const out = fmt(`\uFEFFagent A "x" {\r\n  version 1\r\n\r\n  start s\r\n}`);
    expect(out).toBe(`agent A "x" {\n  version 1\n\n  start s\n}\n`);
  });

  it("formats a library file of shared tools", () => {
    expect(fmt(`import {a} from "./b.agent"\n\n// shared\ntool x { input {} output {} effects none }\ntool y { input {} output {} effects read }`)).toBe(
      `import { a } from "./b.agent"\n\n// shared\ntool x {\n  input {}\n  output {}\n  effects none\n}\ntool y {\n  input {}\n  output {}\n  effects read\n}\n`,
    );
  });

  it("formats an empty file and a comment-only file", () => {
    expect(fmt("")).toBe("");
    expect(fmt("  // only a comment   \r\n\r\n\r\n/* and a block */  ")).toBe("// only a comment\n\n/* and a block */\n");
  });

  it("never throws, even on a recovered tree, and returns the source if printing fails", () => {
    for (const text of ["agent {", "agent A { state s { when -> } }", 'agent A { input { a: } prompt p v1 """ ', "}}}{{{"]) {
      expect(() => format(parse("broken.agent", text))).not.toThrow();
    }
    const broken = { file: null as never, source: { text: "original" } };
    expect(format(broken)).toBe("original");
  });
});
