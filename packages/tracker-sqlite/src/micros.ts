/** Dollars to the integer micro-dollars the store keeps, so sums of costs are exact. */
export function toMicros(usd: number): number {
  return Math.round(usd * 1_000_000);
}

export function fromMicros(micros: number): number {
  return micros / 1_000_000;
}
