import { it } from "vitest";
import { startFakeLlmServer } from "../test/support/fake-llm-server.ts";
import { askStep, intelligenceFor } from "../test/runtime/intelligence/support.ts";
it("probe", async () => {
  const server = await startFakeLlmServer();
  for (const model of ["openai:gpt-4.1-mini", "chat:gpt-4.1-mini", "anthropic:claude-sonnet-4-5"]) for (const stream of [false, true]) {
    const { intelligence } = intelligenceFor(server, { stream });
    server.enqueue({ kind: "cut" });
    const step = askStep({ primary: model });
    const r = await intelligence.ask(step);
    console.log(model, stream, JSON.stringify(r), step.records.map((x) => x.error));
  }
  await server.close();
});
