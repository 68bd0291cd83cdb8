/** The runtime's version, reported as the OpenTelemetry instrumentation scope version. */
export const RUNTIME_VERSION = "0.1.0";
