/** Reading MCP call results as tool outputs or failures. */
import { describe, expect, it } from "vitest";
import { ToolError } from "../../../runtime/execution/tool-error.ts";
import { declaredErrorIn, outputOf } from "../../../runtime/mcp/call-result.ts";

const text = (t: string) => ({ type: "text", text: t });

describe("outputOf", () => {
  it("prefers structuredContent, then JSON text, then { text }", () => {
    expect(outputOf({ structuredContent: { a: 1 }, content: [text('{"a":2}')] }, [], "s/t")).toEqual({ a: 1 });
    expect(outputOf({ content: [text('{"a":2}')] }, [], "s/t")).toEqual({ a: 2 });
    expect(outputOf({ content: [text("The sum is 3."), { type: "image", data: "x", mimeType: "image/png" }, text("Done.")] }, [], "s/t")).toEqual({ text: "The sum is 3.\nDone." });
    expect(outputOf({ content: [] }, [], "s/t")).toEqual({ text: "" });
  });

  it("an error result naming a declared error is that ToolError; otherwise a plain failure with the server's text", () => {
    const named = (() => {
      try {
        outputOf({ isError: true, content: [text("Declined: card expired (not AlreadyRefunded)")] }, ["AlreadyRefunded", "Declined"], "pay/refund");
      } catch (e) {
        return e;
      }
    })();
    expect(named).toBeInstanceOf(ToolError);
    expect(named).toMatchObject({ errorName: "Declined", message: "Declined: card expired (not AlreadyRefunded)" });
    expect(() => outputOf({ isError: true, content: [text("boom")] }, ["Declined"], "pay/refund")).toThrow(new Error("pay/refund reported an error: boom"));
    expect(() => outputOf({ isError: true }, [], "pay/refund")).toThrow("pay/refund reported an error: (no text)");
  });

  it("matches declared names as whole words only", () => {
    expect(declaredErrorIn("NotFoundish thing", ["NotFound"])).toBeUndefined();
    expect(declaredErrorIn("error: NotFound.", ["NotFound"])).toBe("NotFound");
    expect(declaredErrorIn("x_NotFound", ["NotFound"])).toBeUndefined();
    expect(declaredErrorIn("anything", [])).toBeUndefined();
  });
});
