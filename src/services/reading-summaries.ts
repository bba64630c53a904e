/**
 * After an import: the reading summaries of the executions it wrote, and of the executions its
 * Reading records fall in, worked out again from every stored point (graph/reading-store.ts).
 * Part of the derived state: `threadgraph derive` works out every execution's.
 */
import type { Seeds } from '../domain/dependencies';
import { slices } from '../domain/collections';
import type { Executor } from '../graph/executor';
import { workOutSummaries } from '../graph/reading-store';

/** executions per write transaction */
const BATCH = 500;

export async function workOutReadingSummaries(executor: Executor, seeds: Seeds): Promise<number> {
  let count = 0;
  for (const ids of slices([...seeds.measured].sort(), BATCH)) {
    count += await executor.write('readings:summaries', (q) => workOutSummaries(q, ids));
  }
  if (seeds.readingDays.size > 0) {
    const ranges = [...seeds.readingDays].map((json) => {
      const [equipmentId, day] = JSON.parse(json) as [string, string];
      return {
        equipmentId,
        from: `${day}T00:00:00.000000000Z`,
        to: `${day}T23:59:59.999999999Z`,
      };
    });
    const touched = new Set<string>();
    for (const part of slices(ranges, BATCH)) {
      const rows = await executor.read('readings:summaries', (q) =>
        q.run<{ id: string }>('readings/read-executions-in-ranges', { ranges: part }),
      );
      for (const r of rows) if (!seeds.measured.has(r.id)) touched.add(r.id);
    }
    for (const ids of slices([...touched].sort(), BATCH)) {
      count += await executor.write('readings:summaries', (q) => workOutSummaries(q, ids));
    }
  }
  return count;
}

/** Every execution's reading summaries, worked out again. */
export async function workOutAllReadingSummaries(executor: Executor): Promise<number> {
  let after = '';
  let count = 0;
  for (;;) {
    const page = await executor.read('readings:summaries', (q) =>
      q.run<{ id: string }>('readings/all-executions', { after, limit: BATCH }),
    );
    if (page.length === 0) return count;
    const ids = page.map((p) => p.id);
    count += await executor.write('readings:summaries', (q) => workOutSummaries(q, ids));
    after = ids[ids.length - 1]!;
  }
}
