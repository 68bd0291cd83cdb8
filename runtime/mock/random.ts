/**
 * The mock layer's only source of randomness: mulberry32 seeded by an FNV-1a hash of the
 * user's seed and a label (`tool\0getOrder\03`), so every stream is repeatable on its own and
 * does not shift when another stream draws more or fewer numbers.
 */

/** A seed as the user gives it (`--seed 42`). */
export type Seed = number | string;

/** A seeded pseudo-random stream. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (both inclusive; `min` when the range is empty). */
  int(min: number, max: number): number;
  /** True with the given probability. */
  bool(probability?: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
}

/** The stream for `labels` under `seed`: same seed and labels, same numbers. */
export function rngFor(seed: Seed, ...labels: readonly (string | number)[]): Rng {
  return mulberry32(fnv1a([String(seed), ...labels.map(String)].join("\u0000")));
}

/** FNV-1a over the UTF-16 code units of `text`, 32 bits. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => (max <= min ? min : min + Math.floor(next() * (max - min + 1))),
    bool: (probability = 0.5) => next() < probability,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError("pick from an empty list");
      return items[Math.floor(next() * items.length)]!;
    },
  };
}
