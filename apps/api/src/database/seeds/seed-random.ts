/**
 * A small seeded pseudo-random generator (sfc32) and the helpers the data sets draw with. The same seed gives the
 * same sequence on every machine, so that a data set is the same on every run.
 */
export class SeedRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let index = 0; index < 15; index++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    const a = this.a >>> 0;
    const b = this.b >>> 0;
    const c = this.c >>> 0;
    const d = this.d >>> 0;
    const t = (((a + b) >>> 0) + d) >>> 0;
    this.d = (d + 1) >>> 0;
    this.a = (b ^ (b >>> 9)) >>> 0;
    this.b = (c + (c << 3)) >>> 0;
    this.c = ((c << 21) | (c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Tirage dans une liste vide.');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** An item drawn with the given weights (same order as the items). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const weight of weights) total += weight;
    let draw = this.next() * total;
    for (let index = 0; index < items.length; index++) {
      draw -= weights[index] ?? 0;
      if (draw < 0) return items[index] as T;
    }
    return items[items.length - 1] as T;
  }

  /** An exponential draw of the given mean (for long-tailed sizes). */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Shuffles in place (Fisher–Yates) and returns the array. */
  shuffle<T>(items: T[]): T[] {
    for (let index = items.length - 1; index > 0; index--) {
      const other = Math.floor(this.next() * (index + 1));
      const kept = items[index] as T;
      items[index] = items[other] as T;
      items[other] = kept;
    }
    return items;
  }

  /** A version-4-shaped UUID drawn from the generator (deterministic, unlike gen_random_uuid()). */
  uuid(): string {
    const hex = (): string =>
      Math.floor(this.next() * 4294967296)
        .toString(16)
        .padStart(8, '0');
    const raw = `${hex()}${hex()}${hex()}${hex()}`;
    const variant = ((parseInt(raw.charAt(16), 16) & 0x3) | 0x8).toString(16);
    return `${raw.slice(0, 8)}-${raw.slice(8, 12)}-4${raw.slice(13, 16)}-${variant}${raw.slice(17, 20)}-${raw.slice(20, 32)}`;
  }
}

/** Splits `total` into integer parts proportional to `weights` (largest remainder), each at least `floors[i]`. */
export function apportion(
  total: number,
  weights: readonly number[],
  floors: readonly number[] = [],
): number[] {
  const floorSum = weights.reduce((sum, _weight, index) => sum + (floors[index] ?? 0), 0);
  const rest = Math.max(0, total - floorSum);
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
  const exact = weights.map((weight) => (weightSum > 0 ? (weight / weightSum) * rest : 0));
  const parts = exact.map((value, index) => Math.floor(value) + (floors[index] ?? 0));
  let missing = Math.max(0, total - parts.reduce((sum, part) => sum + part, 0));
  const order = exact
    .map((value, index) => [value - Math.floor(value), index] as const)
    .sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  for (let index = 0; missing > 0 && order.length > 0; index = (index + 1) % order.length, missing--) {
    const target = order[index]?.[1] ?? 0;
    parts[target] = (parts[target] ?? 0) + 1;
  }
  return parts;
}
