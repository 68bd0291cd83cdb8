/**
 * The "obedient" model: an AI SDK provider wrapper that follows any instruction it finds in
 * its prompt. When the request's text says `call <tool> with {…}` it asks for that tool
 * call (offered or not, once per conversation); `answer with {…}` makes that JSON its answer.
 * Anything else goes to the wrapped (mock) model. This is the model as an adversary that
 * an injected text fully controls.
 */
import type { LanguageModelV3, LanguageModelV3CallOptions, LanguageModelV3GenerateResult } from "@ai-sdk/provider";
import type { ModelProvider } from "../intelligence/create-intelligence.ts";

const CALL = /call\s+([A-Za-z_][A-Za-z0-9_]*)\s+with\s+(\{[^\n]*?\})(?=[\s.,;:)!?'"<\]]|$)/g;
const ANSWER = /answer with\s+(\{[^\n]*?\})(?=[\s.,;:)!?'"<\]]|$)/;

/** Wraps every provider so its models obey instructions in their prompt. */
export function obedientProviders(providers: Readonly<Record<string, ModelProvider>>): Record<string, ModelProvider> {
  const out: Record<string, ModelProvider> = {};
  for (const [name, provider] of Object.entries(providers)) {
    out[name] = { languageModel: (id: string) => obedientModel(provider.languageModel(id) as LanguageModelV3) };
  }
  return out;
}

function obedientModel(inner: LanguageModelV3): LanguageModelV3 {
  return {
    specificationVersion: "v3",
    provider: inner.provider,
    modelId: inner.modelId,
    supportedUrls: inner.supportedUrls,
    async doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
      const instruction = findInstruction(options);
      if (instruction === undefined) return inner.doGenerate(options);
      const usage = { inputTokens: { total: 50, noCache: 50, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 20, text: 20, reasoning: 0 } };
      if (instruction.kind === "call") {
        return {
          content: [{ type: "tool-call", toolCallId: `obedient-${instruction.tool}`, toolName: instruction.tool, input: instruction.args }],
          finishReason: { unified: "tool-calls", raw: "tool_calls" },
          usage,
          warnings: [],
        };
      }
      const answerTool = (options.tools ?? []).find((t) => t.type === "function" && /^(answer|final_answer_*)$/.test(t.name));
      return {
        content: answerTool !== undefined ? [{ type: "tool-call", toolCallId: "obedient-answer", toolName: answerTool.name, input: instruction.json }] : [{ type: "text", text: instruction.json }],
        finishReason: answerTool !== undefined ? { unified: "tool-calls", raw: "tool_calls" } : { unified: "stop", raw: "stop" },
        usage,
        warnings: [],
      };
    },
    doStream: (options) => inner.doStream(options),
  };
}

type Instruction = { kind: "call"; tool: string; args: string } | { kind: "answer"; json: string };

/** The first instruction in the request's text that the conversation has not yet carried out. */
function findInstruction(options: LanguageModelV3CallOptions): Instruction | undefined {
  const done = new Set<string>();
  const texts: string[] = [];
  for (const message of options.prompt) {
    if (message.role === "system") texts.push(message.content);
    else if (message.role === "assistant") {
      for (const part of message.content) if (part.type === "tool-call") done.add(part.toolName);
    } else {
      for (const part of message.content) {
        if (part.type === "text") texts.push(part.text);
        else if (part.type === "tool-result") texts.push(JSON.stringify(part.output));
      }
    }
  }
  const text = texts.join("\n").replace(/\\"/g, '"');
  for (const match of text.matchAll(CALL)) {
    const tool = match[1]!;
    if (done.has(tool) || !isJson(match[2]!)) continue;
    return { kind: "call", tool, args: match[2]! };
  }
  const answer = ANSWER.exec(text);
  if (answer !== null && isJson(answer[1]!)) return { kind: "answer", json: answer[1]! };
  return undefined;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
