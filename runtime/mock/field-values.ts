/**
 * Realistic values by field name: `email` looks like an address, `orderId` like an id,
 * `reason` like a sentence, `amount` like money. Only a first guess: the generator then fits
 * it to the schema's constraints (or ignores it when a pattern or enum decides).
 */
import type { Rng } from "./random.ts";

const FIRST = ["Ada", "Grace", "Alan", "Linus", "Margaret", "Ken", "Barbara", "Dennis", "Frances", "Edsger", "Radia", "John"];
const LAST = ["Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Thompson", "Liskov", "Ritchie", "Allen", "Dijkstra", "Perlman", "Backus"];
const WORDS = ["order", "refund", "customer", "delivery", "package", "late", "damaged", "request", "review", "payment", "account", "update", "issue", "service", "item", "status", "check", "ticket"];
const SENTENCES = [
  "The package arrived damaged",
  "Customer asked for a refund",
  "Delivered two days late",
  "Looks eligible under the policy",
  "Please check the payment status",
  "Item does not match the description",
  "Escalated after a second complaint",
  "All checks passed",
];
const STATES = ["open", "pending", "active", "resolved", "closed"];
const LEVELS = ["low", "medium", "high"];
const CURRENCIES = ["USD", "EUR", "GBP"];
const COUNTRIES = ["US", "GB", "DE", "FR", "PT", "JP"];
const CITIES = ["Lisbon", "Berlin", "Austin", "Osaka", "Leeds", "Lyon"];

/** The field name as lowercase words: `customerEmail` → ["customer", "email"], `order_id` → ["order", "id"]. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== "");
}

/** A string that fits the field's name, or a few words when the name says nothing. */
export function stringForName(name: string | undefined, rng: Rng, format?: string): string {
  const words = nameWords(name ?? "");
  const last = words[words.length - 1] ?? "";
  const has = (...any: string[]): boolean => words.some((w) => any.includes(w));
  if (format === "email" || has("email", "mail")) return `${rng.pick(FIRST)}.${rng.pick(LAST)}@example.com`.toLowerCase();
  if (format === "uuid" || has("uuid")) return uuid(rng);
  if (format === "date-time" || last === "at" || has("timestamp", "date", "time", "deadline")) return isoDate(rng, format === "date");
  if (format === "date") return isoDate(rng, true);
  if (format === "uri" || format === "url" || has("url", "link", "href", "website")) return `https://example.com/${rng.pick(WORDS)}/${rng.int(100, 999)}`;
  if (last === "id" || last === "key" || last === "ref" || last === "number" || last === "code") return idFor(words, rng);
  if (has("sku")) return `SKU-${rng.int(1000, 9999)}`;
  if (has("phone", "mobile")) return `+1 555 01${rng.int(10, 99)}`;
  if (has("name", "customer", "author", "user", "owner", "assignee")) return `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
  if (has("currency")) return rng.pick(CURRENCIES);
  if (has("country")) return rng.pick(COUNTRIES);
  if (has("city")) return rng.pick(CITIES);
  if (has("status", "state")) return rng.pick(STATES);
  if (has("level", "priority", "severity", "tier")) return rng.pick(LEVELS);
  if (has("reason", "note", "message", "summary", "description", "text", "reply", "comment", "body", "content", "explanation", "answer", "details", "notes")) {
    return `${rng.pick(SENTENCES)}.`;
  }
  const count = rng.int(1, 2);
  return Array.from({ length: count }, () => rng.pick(WORDS)).join(" ");
}

/** The range a number field's value usually falls in, and its decimals. */
export function numberDomainForName(name: string | undefined, integer: boolean): { readonly min: number; readonly max: number; readonly decimals: number } {
  const words = nameWords(name ?? "");
  const has = (...any: string[]): boolean => words.some((w) => any.includes(w));
  const decimals = integer ? 0 : 2;
  if (has("amount", "total", "price", "cost", "balance", "fee", "usd", "subtotal")) return { min: 1, max: 500, decimals };
  if (has("quantity", "count", "qty", "items", "attempts", "retries")) return { min: 1, max: 10, decimals: 0 };
  if (has("score", "confidence", "probability", "ratio", "rate")) return integer ? { min: 0, max: 100, decimals } : { min: 0, max: 1, decimals };
  if (has("percent", "percentage")) return { min: 0, max: 100, decimals };
  if (has("age")) return { min: 18, max: 90, decimals: 0 };
  if (has("year")) return { min: 2000, max: 2030, decimals: 0 };
  if (has("version")) return { min: 1, max: 20, decimals: 0 };
  return { min: 0, max: 1000, decimals };
}

function idFor(words: readonly string[], rng: Rng): string {
  const subject = words.length > 1 ? words[words.length - 2]! : "id";
  return `${subject.slice(0, 3)}_${rng.int(10000, 99999)}`;
}

function uuid(rng: Rng): string {
  const hex = (n: number): string => Array.from({ length: n }, () => rng.int(0, 15).toString(16)).join("");
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${rng.pick(["8", "9", "a", "b"])}${hex(3)}-${hex(12)}`;
}

/** A date in 2024–2025 (fixed window: no clock, so a seed replays). */
function isoDate(rng: Rng, dateOnly: boolean): string {
  const start = Date.UTC(2024, 0, 1);
  const ms = start + rng.int(0, 730 * 24 * 60) * 60_000;
  const text = new Date(ms).toISOString();
  return dateOnly ? text.slice(0, 10) : text;
}
