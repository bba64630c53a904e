/**
 * What the `threadgraph` command's exit status means (HELP says the same). 5 is not an error: the
 * import completed, but some of its lines were rejected — a script may want to look at them. 6 is
 * the answer, not a failure to give one: the audit trail was read, and it has been tampered with.
 */
export const EXIT = {
  DONE: 0,
  /** bad usage, configuration or unreadable input */
  USAGE: 1,
  NOT_FOUND: 2,
  /** Neo4j or Redis unavailable, or an import job failed or was cancelled */
  UNAVAILABLE: 3,
  INTERNAL: 4,
  /** the import completed, but some lines were rejected */
  REJECTED_LINES: 5,
  /** audit verify (or export): the audit trail, or the copy, is not intact */
  NOT_INTACT: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * Worst first: a job that failed or was cancelled (3: retry it), a file not imported at all (1),
 * a file imported without some of its lines (5), done (0). Codes not listed rank above all.
 */
const SEVERITY: readonly number[] = [EXIT.UNAVAILABLE, EXIT.USAGE, EXIT.REJECTED_LINES, EXIT.DONE];

/** The exit status of several outcomes (one per file of an import): the worst of them. */
export function worstExit(codes: Iterable<number>): number {
  let worst: number = EXIT.DONE;
  const rank = (c: number) => {
    const i = SEVERITY.indexOf(c);
    return i === -1 ? -1 : i;
  };
  for (const c of codes) if (rank(c) < rank(worst)) worst = c;
  return worst;
}
