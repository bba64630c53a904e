/** The benches' one percentile: nearest rank over values sorted ascending. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  ] as number;
}
