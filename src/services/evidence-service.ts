/** The evidence chain of one serial: its snapshot from the graph, judged by the domain rules. */
import type { EvidenceChain } from '../domain/evidence';
import { evidenceChain } from '../domain/evidence';
import { readSnapshots } from '../graph/evidence-reader';
import { ThreadgraphError } from '../domain/errors';
import type { Executor } from '../graph/executor';

export class EvidenceService {
  constructor(private readonly executor: Executor) {}

  /** Null when no MES record of the serial exists (a placeholder is not yet known either). */
  chain(serialNumber: string): Promise<EvidenceChain | null> {
    return this.executor.read('evidenceChain', async (q) => {
      const snapshot = (await readSnapshots(q, [serialNumber], { readings: true })).get(
        serialNumber,
      );
      return snapshot === undefined ? null : evidenceChain(snapshot);
    });
  }

  /** The readings of one operation execution point by point: at most `limit` a tag (1–2000). */
  async readings(executionId: string, limit: number): Promise<ReadingSeries[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > 2000) {
      throw new ThreadgraphError('INVALID_INPUT', 'limit must be 1 to 2000');
    }
    const rows = await this.executor.read('operationReadings', (q) =>
      q.run<{
        tag: string;
        unit?: string;
        count: number;
        points: { t: string; value?: number; quality?: string }[];
      }>('evidence/read-reading-points', { executionId, limit }),
    );
    return rows.map((r) => ({
      tag: r.tag,
      unit: r.unit ?? null,
      count: r.count,
      points: r.points.map((p) => ({ t: p.t, value: p.value ?? null, quality: p.quality ?? null })),
    }));
  }
}

export interface ReadingSeries {
  readonly tag: string;
  readonly unit: string | null;
  /** readings in the window; `points` holds at most the limit, evenly spread */
  readonly count: number;
  readonly points: readonly { t: string; value: number | null; quality: string | null }[];
}
