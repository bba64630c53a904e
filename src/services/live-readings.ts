/**
 * Live subscriptions in one process: what the reading writer published (services/
 * equipment-service.ts LiveMessage) fanned out to each GraphQL subscription, filtered to what it
 * asked for. A slow subscriber does not hold the others up: it keeps at most QUEUE messages and
 * loses the oldest beyond (a dashboard draws the present; the graph keeps every reading).
 */
import type { HealthChange } from '../graph/reading-store';
import type { LiveMessage } from './equipment-service';

const QUEUE = 100;

type Listener = (message: LiveMessage) => void;

export type LivePoint = LiveMessage['points'][number];

export class LiveReadings {
  private readonly listeners = new Set<Listener>();

  publish(message: unknown): void {
    const m = message as Partial<LiveMessage> | null;
    if (m === null || typeof m !== 'object') return;
    const clean: LiveMessage = {
      points: Array.isArray(m.points) ? m.points : [],
      health: Array.isArray(m.health) ? m.health : [],
    };
    for (const l of this.listeners) l(clean);
  }

  /** Batches of an equipment's new points (optionally one tag), as they are stored. */
  readings(equipmentId: string, tag?: string | null): AsyncIterableIterator<LivePoint[]> {
    return this.iterate((m) => {
      const points = m.points.filter(
        (p) => p.equipmentId === equipmentId && (tag == null || p.tag === tag),
      );
      return points.length > 0 ? points : undefined;
    });
  }

  /** Each change of a machine's motor health, at one site or all. */
  healthChanges(site?: string | null): AsyncIterableIterator<HealthChange> {
    const inner = this.iterate((m) => {
      const changes = m.health.filter((h) => site == null || h.site === site);
      return changes.length > 0 ? changes : undefined;
    });
    // one change per event
    let pending: HealthChange[] = [];
    const it: AsyncIterableIterator<HealthChange> = {
      async next() {
        while (pending.length === 0) {
          const r = await inner.next();
          if (r.done) return { done: true, value: undefined };
          pending = [...r.value];
        }
        return { done: false, value: pending.shift()! };
      },
      async return() {
        await inner.return?.();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return it;
      },
    };
    return it;
  }

  /** subscribers now (for tests and metrics) */
  get size(): number {
    return this.listeners.size;
  }

  private iterate<T>(pick: (m: LiveMessage) => T | undefined): AsyncIterableIterator<T> {
    const queue: T[] = [];
    let waiting: ((r: IteratorResult<T>) => void) | undefined;
    let done = false;
    const listener: Listener = (m) => {
      const value = pick(m);
      if (value === undefined || done) return;
      if (waiting) {
        const w = waiting;
        waiting = undefined;
        w({ done: false, value });
      } else {
        queue.push(value);
        if (queue.length > QUEUE) queue.shift();
      }
    };
    this.listeners.add(listener);
    const finish = () => {
      done = true;
      this.listeners.delete(listener);
      waiting?.({ done: true, value: undefined });
      waiting = undefined;
    };
    const it: AsyncIterableIterator<T> = {
      next: () => {
        if (queue.length > 0) return Promise.resolve({ done: false, value: queue.shift()! });
        if (done) return Promise.resolve({ done: true, value: undefined });
        return new Promise((resolve) => (waiting = resolve));
      },
      return: () => {
        finish();
        return Promise.resolve({ done: true, value: undefined });
      },
      [Symbol.asyncIterator]: () => it,
    };
    return it;
  }
}
