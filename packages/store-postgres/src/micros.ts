/** Dollars to the integer micro-dollars the store keeps, so sums of costs are exact. */
export function toMicros(usd: number): number {
  return Math.round(usd * 1_000_000);
}

/** Micro-dollars as PostgreSQL returns them (a bigint comes back as a string) to dollars. */
export function fromMicros(micros: string | number): number {
  return Number(micros) / 1_000_000;
}
