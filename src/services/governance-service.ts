/** Governance violations: records refused because their source is not their kind's authority. */
import { ThreadgraphError } from '../domain/errors';
import type { Executor } from '../graph/executor';

export interface GovernanceViolation {
  readonly kind: string;
  readonly source: string;
  readonly system?: string;
  readonly site?: string;
  readonly key: string;
  readonly reason: string;
  readonly importId?: string;
  readonly line?: number;
  readonly recordedAt?: string;
  readonly detectedAt: string;
  /** position in detection order: the cursor */
  readonly page: string;
}

export interface Page<T> {
  readonly totalCount: number;
  readonly nodes: readonly T[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}

export const MAX_PAGE_SIZE = 1000;

export class GovernanceService {
  constructor(private readonly executor: Executor) {}

  async violations(
    first: number,
    after: string | null | undefined,
  ): Promise<Page<GovernanceViolation>> {
    const limit = pageSize(first);
    const cursor = after ? decodeCursor(after) : '';
    return this.executor.read('governanceViolations', async (q) => {
      const [count] = await q.run<{ total: number }>('governance/count-violations');
      const rows = await q.run<GovernanceViolation>('governance/list-violations', {
        after: cursor,
        limit: limit + 1,
      });
      const nodes = rows.slice(0, limit);
      const last = nodes[nodes.length - 1];
      return {
        totalCount: count?.total ?? 0,
        nodes,
        pageInfo: {
          hasNextPage: rows.length > limit,
          endCursor: last ? encodeCursor(last.page) : null,
        },
      };
    });
  }
}

export function pageSize(first: number): number {
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new ThreadgraphError(
      'INVALID_INPUT',
      `first must be an integer from 0 to ${MAX_PAGE_SIZE}`,
    );
  }
  return first;
}

/** Cursors are opaque to clients: base64url of the sort key of the last row returned. */
export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (key.length === 0 || encodeCursor(key) !== cursor) {
    throw new ThreadgraphError(
      'INVALID_INPUT',
      `after: not a cursor this server issued: ${cursor}`,
    );
  }
  return key;
}
