/**
 * A bounded load generator on loopback: `clients` concurrent clients, each asking the next
 * question as soon as its last was answered, for `seconds`. Answers per second, latency
 * percentiles and every error are counted; nothing is retried.
 */
import { percentile } from '../stats';

export interface LoadFigures {
  readonly clients: number;
  readonly seconds: number;
  readonly answers: number;
  readonly answersPerSecond: number;
  readonly errors: number;
  readonly firstError?: string;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export async function load(
  options: { clients: number; seconds: number },
  ask: (client: number) => Promise<void>,
): Promise<LoadFigures> {
  const times: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const until = started + options.seconds * 1000;
  const client = async (n: number) => {
    while (performance.now() < until) {
      const t = performance.now();
      try {
        await ask(n);
        times.push(performance.now() - t);
      } catch (e) {
        errors += 1;
        firstError ??= (e as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, n) => client(n)));
  const elapsed = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return {
    clients: options.clients,
    seconds: elapsed,
    answers: times.length,
    answersPerSecond: Math.round(times.length / elapsed),
    errors,
    firstError,
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    maxMs: times[times.length - 1] ?? 0,
  };
}
