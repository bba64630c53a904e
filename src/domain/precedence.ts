/**
 * Which of two versions of one record is the current one (canonical model: "for one key, the
 * later recordedAt wins, an earlier one is kept as history only"). Two versions recorded at the
 * same instant are ordered by their version hash: arbitrary, but the same whatever order the
 * records arrive in, so every import order ends in the same graph. Both are kept either way.
 */
export interface Versioned {
  readonly recordedAt: string;
  readonly versionHash: string;
}

export function supersedes(a: Versioned, b: Versioned): boolean {
  if (a.recordedAt !== b.recordedAt) return a.recordedAt > b.recordedAt;
  return a.versionHash > b.versionHash;
}
