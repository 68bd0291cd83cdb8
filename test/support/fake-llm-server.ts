/**
 * A scriptable fake LLM server on 127.0.0.1 for tests: OpenAI `/v1/chat/completions` and
 * `/v1/responses`, Anthropic `/v1/messages`, each as JSON or SSE (`"stream": true`). Every
 * request takes the next scripted behaviour (the queue of its model, else the shared queue)
 * and is recorded. No network beyond loopback.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface FakeUsage {
  readonly input: number;
  readonly output: number;
}

/** What the server does for one request. */
export type Behaviour =
  /** Answer with `JSON.stringify(value)` as the text (Anthropic's `json` tool when the request offers it). */
  | { readonly kind: "answer"; readonly value: unknown; readonly usage?: FakeUsage }
  /** Answer with this raw text (e.g. invalid JSON). */
  | { readonly kind: "text"; readonly text: string; readonly usage?: FakeUsage }
  /** Ask for tool calls. */
  | { readonly kind: "tool-calls"; readonly calls: readonly { readonly name: string; readonly args: unknown }[]; readonly usage?: FakeUsage }
  /** An HTTP error with a provider-shaped error body. */
  | { readonly kind: "status"; readonly status: number; readonly message?: string }
  /** Start the answer, then destroy the connection mid-body (JSON) or mid-stream (SSE). */
  | { readonly kind: "cut" }
  /** Never answer (until the client gives up or the server closes). */
  | { readonly kind: "hang" };

export type Api = "chat" | "responses" | "messages";

export interface RecordedRequest {
  readonly api: Api;
  readonly path: string;
  readonly model: string;
  readonly stream: boolean;
  readonly body: Record<string, unknown>;
  readonly headers: IncomingMessage["headers"];
}

export interface FakeLlmServer {
  /** `http://127.0.0.1:<port>/v1`: the providers' baseURL. */
  readonly baseURL: string;
  readonly requests: readonly RecordedRequest[];
  /** Behaviours for any model, in order. */
  enqueue(...behaviours: Behaviour[]): void;
  /** Behaviours for requests naming `model` (taken before the shared queue). */
  enqueueFor(model: string, ...behaviours: Behaviour[]): void;
  /** Behaviours not yet used. */
  pending(): number;
  /** Forgets the queues and the recorded requests (between tests). */
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_USAGE: FakeUsage = { input: 120, output: 30 };

export async function startFakeLlmServer(): Promise<FakeLlmServer> {
  const shared: Behaviour[] = [];
  const perModel = new Map<string, Behaviour[]>();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let counter = 0;

  const next = (model: string): Behaviour => {
    const own = perModel.get(model);
    return own?.shift() ?? shared.shift() ?? { kind: "status", status: 500, message: "fake server: no scripted response" };
  };

  const server: Server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const api = apiOf(req.url ?? "");
      if (req.method !== "POST" || api === undefined) return sendJson(res, 404, { error: { message: `no route ${req.method} ${req.url}` } });
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return sendJson(res, 400, { error: { message: "invalid JSON body" } });
      }
      const model = typeof body["model"] === "string" ? body["model"] : "";
      const stream = body["stream"] === true;
      requests.push({ api, path: req.url ?? "", model, stream, body, headers: req.headers });
      const id = `fake-${++counter}`;
      respond(res, api, next(model), { model, stream, id, body });
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...behaviours) => void shared.push(...behaviours),
    enqueueFor: (model, ...behaviours) => void perModel.set(model, [...(perModel.get(model) ?? []), ...behaviours]),
    pending: () => shared.length + [...perModel.values()].reduce((n, q) => n + q.length, 0),
    reset: () => {
      shared.length = 0;
      perModel.clear();
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function apiOf(url: string): Api | undefined {
  const path = url.split("?")[0];
  if (path === "/v1/chat/completions") return "chat";
  if (path === "/v1/responses") return "responses";
  if (path === "/v1/messages") return "messages";
  return undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", () => resolve(""));
  });
}

interface RequestInfo {
  readonly model: string;
  readonly stream: boolean;
  readonly id: string;
  readonly body: Record<string, unknown>;
}

/** The answer in a provider-neutral form, rendered per API below. */
type Reply = { readonly text: string; readonly calls: readonly { readonly id: string; readonly name: string; readonly args: string }[]; readonly usage: FakeUsage };

function respond(res: ServerResponse, api: Api, behaviour: Behaviour, info: RequestInfo): void {
  switch (behaviour.kind) {
    case "hang":
      return;
    case "status":
      return sendJson(res, behaviour.status, errorBody(api, behaviour.status, behaviour.message ?? `fake ${behaviour.status}`));
    case "cut": {
      const reply: Reply = { text: '{"partial": "this answer never ends', calls: [], usage: DEFAULT_USAGE };
      if (info.stream) {
        startSse(res);
        const events = sseEvents(api, reply, info);
        for (const event of events.slice(0, Math.max(1, Math.floor(events.length / 2)))) res.write(event);
        setTimeout(() => res.destroy(), 5);
        return;
      }
      const text = JSON.stringify(jsonBody(api, reply, info));
      res.writeHead(200, { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)) });
      res.write(text.slice(0, Math.floor(text.length / 2)));
      setTimeout(() => res.destroy(), 5);
      return;
    }
    default: {
      const reply = replyOf(behaviour, api, info);
      if (!info.stream) return sendJson(res, 200, jsonBody(api, reply, info));
      startSse(res);
      for (const event of sseEvents(api, reply, info)) res.write(event);
      res.end();
    }
  }
}

function replyOf(behaviour: Extract<Behaviour, { kind: "answer" | "text" | "tool-calls" }>, api: Api, info: RequestInfo): Reply {
  const usage = behaviour.usage ?? DEFAULT_USAGE;
  if (behaviour.kind === "tool-calls") return { text: "", calls: behaviour.calls.map((c, i) => ({ id: `call_${info.id}_${i}`, name: c.name, args: JSON.stringify(c.args) })), usage };
  const text = behaviour.kind === "answer" ? JSON.stringify(behaviour.value) : behaviour.text;
  // Anthropic without native structured output: the SDK offers a `json` tool and reads its input.
  if (behaviour.kind === "answer" && api === "messages" && offersTool(info.body, "json")) return { text: "", calls: [{ id: `call_${info.id}_json`, name: "json", args: text }], usage };
  return { text, calls: [], usage };
}

function offersTool(body: Record<string, unknown>, name: string): boolean {
  const tools = body["tools"];
  return Array.isArray(tools) && tools.some((t) => typeof t === "object" && t !== null && (t as { name?: unknown }).name === name);
}

function errorBody(api: Api, status: number, message: string): unknown {
  if (api === "messages") return { type: "error", error: { type: status === 429 ? "rate_limit_error" : "api_error", message } };
  return { error: { message, type: status === 429 ? "rate_limit_exceeded" : "server_error", param: null, code: null } };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)) });
  res.end(text);
}

function startSse(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  res.flushHeaders();
}

const created = 1_800_000_000;

function jsonBody(api: Api, reply: Reply, info: RequestInfo): unknown {
  const { usage } = reply;
  if (api === "chat") {
    return {
      id: info.id,
      object: "chat.completion",
      created,
      model: info.model,
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: reply.calls.length > 0 ? null : reply.text,
            ...(reply.calls.length > 0 ? { tool_calls: reply.calls.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.args } })) } : {}),
          },
          finish_reason: reply.calls.length > 0 ? "tool_calls" : "stop",
        },
      ],
      usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output },
    };
  }
  if (api === "responses") {
    const output =
      reply.calls.length > 0
        ? reply.calls.map((c) => ({ type: "function_call", id: `fc_${c.id}`, call_id: c.id, name: c.name, arguments: c.args, status: "completed" }))
        : [{ type: "message", id: `msg_${info.id}`, role: "assistant", status: "completed", content: [{ type: "output_text", text: reply.text, annotations: [] }] }];
    return { id: info.id, object: "response", created_at: created, model: info.model, status: "completed", incomplete_details: null, output, usage: responsesUsage(usage) };
  }
  const content = reply.calls.length > 0 ? reply.calls.map((c) => ({ type: "tool_use", id: c.id, name: c.name, input: JSON.parse(c.args) as unknown })) : [{ type: "text", text: reply.text }];
  return {
    id: info.id,
    type: "message",
    role: "assistant",
    model: info.model,
    content,
    stop_reason: reply.calls.length > 0 ? "tool_use" : "end_turn",
    stop_sequence: null,
    usage: { input_tokens: usage.input, output_tokens: usage.output },
  };
}

function responsesUsage(usage: FakeUsage): unknown {
  return { input_tokens: usage.input, input_tokens_details: { cached_tokens: 0 }, output_tokens: usage.output, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: usage.input + usage.output };
}

/** The text split in a few deltas, so a cut stream stops mid-answer. */
function pieces(text: string): string[] {
  const size = Math.max(1, Math.ceil(text.length / 4));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

function data(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}

function event(name: string, value: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(value)}\n\n`;
}

function sseEvents(api: Api, reply: Reply, info: RequestInfo): string[] {
  if (api === "chat") return chatEvents(reply, info);
  if (api === "responses") return responsesEvents(reply, info);
  return messagesEvents(reply, info);
}

function chatEvents(reply: Reply, info: RequestInfo): string[] {
  const chunk = (delta: unknown, finish: string | null) => data({ id: info.id, object: "chat.completion.chunk", created, model: info.model, choices: [{ index: 0, delta, finish_reason: finish }] });
  const out = [chunk({ role: "assistant", content: "" }, null)];
  for (const piece of pieces(reply.text)) out.push(chunk({ content: piece }, null));
  reply.calls.forEach((c, index) => {
    out.push(chunk({ tool_calls: [{ index, id: c.id, type: "function", function: { name: c.name, arguments: "" } }] }, null));
    for (const piece of pieces(c.args)) out.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }, null));
  });
  out.push(chunk({}, reply.calls.length > 0 ? "tool_calls" : "stop"));
  out.push(data({ id: info.id, object: "chat.completion.chunk", created, model: info.model, choices: [], usage: { prompt_tokens: reply.usage.input, completion_tokens: reply.usage.output, total_tokens: reply.usage.input + reply.usage.output } }));
  out.push("data: [DONE]\n\n");
  return out;
}

function responsesEvents(reply: Reply, info: RequestInfo): string[] {
  const out = [event("response.created", { type: "response.created", sequence_number: 0, response: { id: info.id, object: "response", created_at: created, model: info.model, status: "in_progress", output: [] } })];
  if (reply.calls.length === 0) {
    const item = `msg_${info.id}`;
    out.push(event("response.output_item.added", { type: "response.output_item.added", output_index: 0, item: { type: "message", id: item, role: "assistant", status: "in_progress", content: [] } }));
    for (const piece of pieces(reply.text)) out.push(event("response.output_text.delta", { type: "response.output_text.delta", item_id: item, output_index: 0, content_index: 0, delta: piece }));
    out.push(event("response.output_item.done", { type: "response.output_item.done", output_index: 0, item: { type: "message", id: item, role: "assistant", status: "completed", content: [{ type: "output_text", text: reply.text, annotations: [] }] } }));
  }
  reply.calls.forEach((c, index) => {
    const item = { type: "function_call", id: `fc_${c.id}`, call_id: c.id, name: c.name };
    out.push(event("response.output_item.added", { type: "response.output_item.added", output_index: index, item: { ...item, arguments: "", status: "in_progress" } }));
    for (const piece of pieces(c.args)) out.push(event("response.function_call_arguments.delta", { type: "response.function_call_arguments.delta", item_id: item.id, output_index: index, delta: piece }));
    out.push(event("response.output_item.done", { type: "response.output_item.done", output_index: index, item: { ...item, arguments: c.args, status: "completed" } }));
  });
  out.push(event("response.completed", { type: "response.completed", response: { id: info.id, object: "response", created_at: created, model: info.model, status: "completed", incomplete_details: null, usage: responsesUsage(reply.usage) } }));
  return out;
}

function messagesEvents(reply: Reply, info: RequestInfo): string[] {
  const out = [event("message_start", { type: "message_start", message: { id: info.id, type: "message", role: "assistant", model: info.model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: reply.usage.input, output_tokens: 1 } } })];
  let index = 0;
  if (reply.text !== "" || reply.calls.length === 0) {
    out.push(event("content_block_start", { type: "content_block_start", index, content_block: { type: "text", text: "" } }));
    for (const piece of pieces(reply.text)) out.push(event("content_block_delta", { type: "content_block_delta", index, delta: { type: "text_delta", text: piece } }));
    out.push(event("content_block_stop", { type: "content_block_stop", index }));
    index++;
  }
  for (const c of reply.calls) {
    out.push(event("content_block_start", { type: "content_block_start", index, content_block: { type: "tool_use", id: c.id, name: c.name, input: {} } }));
    for (const piece of pieces(c.args)) out.push(event("content_block_delta", { type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: piece } }));
    out.push(event("content_block_stop", { type: "content_block_stop", index }));
    index++;
  }
  out.push(event("message_delta", { type: "message_delta", delta: { stop_reason: reply.calls.length > 0 ? "tool_use" : "end_turn", stop_sequence: null }, usage: { output_tokens: reply.usage.output } }));
  out.push(event("message_stop", { type: "message_stop" }));
  return out;
}
