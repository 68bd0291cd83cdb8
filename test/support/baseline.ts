/**
 * Baseline files: the whole expected output of a fixture, written beside it.
 * `UPDATE_BASELINES=1 npm test` rewrites them; otherwise a mismatch fails with a diff.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { expect } from "vitest";

export const updatingBaselines = process.env["UPDATE_BASELINES"] === "1";

export function expectBaseline(path: string, actual: string): void {
  if (updatingBaselines) {
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`missing baseline ${path}: run UPDATE_BASELINES=1 npm test and review it`);
  expect(actual).toBe(readFileSync(path, "utf8"));
}
