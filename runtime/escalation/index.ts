/** Escalation sinks: where sessions that end in an escalation are handed to people. */
export { consoleEscalationSink, webhookEscalationSink, WebhookDeliveryError, type EscalationNotice, type EscalationSink, type WebhookSinkOptions } from "./sinks.ts";
