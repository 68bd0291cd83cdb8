/** Session stores: the port (types.ts), in-memory and node:sqlite implementations. */
export * from "./types.ts";
export { createMemoryStore } from "./memory.ts";
export { openSqliteStore, SQLITE_SCHEMA_VERSION, type SqliteSessionStore, type SqliteStoreOptions, type SqliteStoreSettings } from "./sqlite.ts";
