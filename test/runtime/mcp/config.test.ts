/** The MCP tools configuration (the JSON given to `agentc run --mcp`), read with field-naming errors. */
import { describe, expect, it } from "vitest";
import { McpConfigError, parseMcpToolsConfig } from "../../../runtime/mcp/config.ts";

describe("parseMcpToolsConfig", () => {
  it("reads stdio and HTTP servers and bindings", () => {
    const config = {
      servers: { local: { command: "node", args: ["server.js"], env: { TOKEN: "x" } }, remote: { url: "http://127.0.0.1:3001/mcp", headers: { authorization: "Bearer t" } } },
      bindings: { add: { server: "local", tool: "get-sum" }, lookup: { server: "remote", tool: "find" } },
    };
    expect(parseMcpToolsConfig(config)).toEqual(config);
  });

  it("names the offending field", () => {
    expect(() => parseMcpToolsConfig({ servers: {}, bindings: { add: { server: "x" } } })).toThrow(McpConfigError);
    expect(() => parseMcpToolsConfig({ servers: {}, bindings: { add: { server: "x" } } })).toThrow(/^invalid MCP tools config at bindings\.add\.tool: /);
    expect(() => parseMcpToolsConfig({ servers: { s: { command: "" } }, bindings: {} })).toThrow(/at servers\.s/);
    expect(() => parseMcpToolsConfig([])).toThrow(/^invalid MCP tools config: /);
  });
});
