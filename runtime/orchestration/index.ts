/** The orchestration layer: sessions, guards, kill switches and session events. */
export { startSession, type HumanHandler, type Session, type SessionCheckpoint, type SessionCheckpointSink, type SessionDeps, type SessionStartOptions } from "./session.ts";
export { beforeModelRequest, beforeStep, beforeToolCall, wallClock, type Verdict } from "./guards.ts";
export { FLAG_PATTERN, fileFlagsSource, flagNames, FlagsUnavailableError, isOn, memoryFlagsSource, parseFlagsFile, type Flags, type FlagsSource } from "./flags.ts";
export { newLedger, type Ledger } from "./ledger.ts";
export type { GuardName, SessionEvent, SessionEventListener } from "./events.ts";
