/** The evidence chain of one serial: its snapshot from the graph, judged by the domain rules. */
import type { EvidenceChain } from '../domain/evidence';
import { evidenceChain } from '../domain/evidence';
import { readSnapshots } from '../graph/evidence-reader';
import { readWindowPoints } from '../graph/reading-store';
import { OPEN_END } from '../domain/readings';
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
    const series = await this.executor.read('operationReadings', async (q) => {
      const [w] = await q.run<{
        id: string;
        equipmentId?: string;
        startedAt?: string;
        completedAt?: string;
      }>('readings/read-execution-windows', { ids: [executionId] });
      if (w?.equipmentId === undefined || w.startedAt === undefined) return [];
      const points = await readWindowPoints(q, [
        {
          key: w.id,
          equipmentId: w.equipmentId,
          from: w.startedAt,
          to: w.completedAt ?? OPEN_END,
        },
      ]);
      return points.get(w.id) ?? [];
    });
    return series.map((s) => ({
      tag: s.tag,
      unit: s.unit,
      count: s.points.length,
      points: spread(s.points, limit).map((p) => ({ t: p.t, value: p.value, quality: p.quality })),
    }));
  }
}

/** At most `limit` of `points`, evenly spread (every k-th, from the first). */
export function spread<T>(points: readonly T[], limit: number): T[] {
  if (points.length <= limit) return [...points];
  const step = Math.ceil(points.length / limit);
  return points.filter((_, i) => i % step === 0);
}

export interface ReadingSeries {
  readonly tag: string;
  readonly unit: string | null;
  /** readings in the window; `points` holds at most the limit, evenly spread */
  readonly count: number;
  readonly points: readonly { t: string; value: number | null; quality: string | null }[];
}
