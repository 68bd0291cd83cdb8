import { it } from "vitest";
import { streamText } from "ai";
import { createOpenAI } from "@ai-sdk/openai";
import { startFakeLlmServer } from "../test/support/fake-llm-server.ts";
it("probe", async () => {
  const server = await startFakeLlmServer();
  const openai = createOpenAI({ baseURL: server.baseURL, apiKey: "x" });
  server.enqueue({ kind: "cut" });
  const r = streamText({ model: openai.chat("gpt-4.1-mini"), prompt: "hi", maxRetries: 0, onError: () => {} });
  for await (const p of r.fullStream) console.log(p.type, p.type === "error" ? String((p as any).error?.message) + " / " + String((p as any).error?.cause) : JSON.stringify(p).slice(0, 100));
  await server.close();
});
