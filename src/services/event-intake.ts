/**
 * Events received over HTTP: each checked on its own (CloudEvents envelope, then the canonical
 * record it carries); the valid ones written to a file under THREADGRAPH_HOME and queued as one
 * import job, the invalid ones refused with their reasons. Within one request the same (source,
 * id) twice is taken once; across requests the import makes a repeated key change nothing.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkEnvelope } from '../../importers/cloudevents/envelope';
import { eventKey, eventToRecord } from '../../importers/cloudevents/to-record';
import type { ImportJob, ImportJobService } from './import-jobs';

export interface EventRefusal {
  /** position in the request (0 for a single event) */
  readonly index: number;
  readonly id?: string;
  /** the attribute (or data field) the reason is about */
  readonly attribute?: string;
  readonly reason: string;
}

export interface EventsReceived {
  readonly accepted: number;
  /** events whose (source, id) came earlier in the same request */
  readonly repeated: number;
  readonly refused: readonly EventRefusal[];
  /** the job that imports the accepted events */
  readonly job?: ImportJob;
  /** the same accepted events were received before: it is that job */
  readonly sameAsEarlier?: boolean;
}

export async function receiveEvents(
  events: readonly unknown[],
  jobs: ImportJobService,
  home: string,
): Promise<EventsReceived> {
  const refused: EventRefusal[] = [];
  const accepted: string[] = [];
  const keys = new Set<string>();
  let repeated = 0;
  events.forEach((event, i) => {
    const raw = JSON.stringify(event);
    const envelope = checkEnvelope(event);
    if (envelope.ok) {
      // the same (source, id) again in one request is one event (a redelivery): the first counts
      const key = eventKey(envelope.event);
      if (keys.has(key)) {
        repeated += 1;
        return;
      }
      keys.add(key);
    }
    const parsed = eventToRecord(event, i + 1, raw);
    if (parsed.ok) {
      accepted.push(raw);
      return;
    }
    const id = (event as { id?: unknown } | null)?.id;
    refused.push({
      index: i,
      ...(typeof id === 'string' ? { id } : {}),
      ...(parsed.rejection.field === undefined ? {} : { attribute: parsed.rejection.field }),
      reason: parsed.rejection.reason,
    });
  });
  if (accepted.length === 0) return { accepted: 0, repeated, refused };

  const dir = join(home, 'events');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const spool = join(dir, `receiving-${randomUUID()}.jsonl`);
  try {
    await writeFile(spool, `${accepted.join('\n')}\n`, { mode: 0o600 });
    const label = `${accepted.length} event${accepted.length === 1 ? '' : 's'} received ${new Date().toISOString()}`;
    const { job, created } = await jobs.submitReceived(spool, label, 'cloudevents', 'events');
    return { accepted: accepted.length, repeated, refused, job, sameAsEarlier: !created };
  } catch (e) {
    await rm(spool, { force: true });
    throw e;
  }
}
