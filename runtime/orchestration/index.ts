/** The orchestration layer: sessions, guards, kill switches and session events. */
export { startSession, type HumanAnswer, type HumanHandler, type ParkedWait, type Session, type SessionCheckpoint, type SessionCheckpointSink, type SessionDeps, type SessionRestore, type SessionSettled, type SessionStartOptions } from "./session.ts";
export { beforeDailyCap, beforeModelRequest, beforeStep, beforeToolCall, wallClock, type DailyCaps, type SpentToday, type Verdict } from "./guards.ts";
export { maskTape, type ReplayFile, type SlotKind, type SlotRequestSummary, type TapeEntry } from "./tape.ts";
export { describeOutcome, describeRequest, replayTape, type ReplayResult, type ReplayStep } from "./replay.ts";
export { FLAG_PATTERN, fileFlagsSource, flagNames, FlagsUnavailableError, isOn, memoryFlagsSource, parseFlagsFile, type Flags, type FlagsSource } from "./flags.ts";
export { newLedger, type Ledger } from "./ledger.ts";
export type { GuardName, SessionEvent, SessionEventListener } from "./events.ts";
