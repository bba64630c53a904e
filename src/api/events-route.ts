/**
 * POST /events: CloudEvents 1.0 over HTTP — structured (application/cloudevents+json), batched
 * (application/cloudevents-batch+json) and binary (ce-* headers, the data as the body). 202 with
 * the import job of the accepted events; 400 when every event was refused; 200 for an empty
 * batch. Each refused event is listed with its position, id, attribute and reason.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { receiveEvents } from '../services/event-intake';
import type { ImportJobService } from '../services/import-jobs';
import { toGraph } from './jobs.resolver';

/** At most this many events a request. */
export const MAX_EVENTS = 10_000;

export interface EventsAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export async function eventsRoute(
  headers: IncomingHttpHeaders,
  body: Buffer,
  jobs: ImportJobService,
  home: string,
): Promise<EventsAnswer> {
  const type = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  let events: unknown[];
  if (type === 'application/cloudevents-batch+json' || type === 'application/cloudevents+json') {
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch (e) {
      return bad(400, `the body is not JSON: ${(e as Error).message.slice(0, 200)}`);
    }
    if (type === 'application/cloudevents-batch+json') {
      if (!Array.isArray(value)) return bad(400, 'a batch must be a JSON array of events');
      events = value;
    } else {
      events = [value];
    }
  } else if (headers['ce-specversion'] !== undefined) {
    events = [binaryEvent(headers, body)];
  } else {
    return bad(
      415,
      'send application/cloudevents+json (one event), application/cloudevents-batch+json (a batch), ' +
        'or binary mode: the attributes as ce-* headers and the data as the body',
    );
  }
  if (events.length > MAX_EVENTS) return bad(413, `at most ${MAX_EVENTS} events a request`);
  const received = await receiveEvents(events, jobs, home);
  const status = received.job !== undefined ? 202 : received.refused.length > 0 ? 400 : 200;
  return {
    status,
    body: {
      accepted: received.accepted,
      repeated: received.repeated,
      refused: received.refused,
      job: received.job === undefined ? null : toGraph(received.job),
      ...(received.sameAsEarlier ? { sameAsEarlierRequest: true } : {}),
    },
  };
}

/** Binary mode: ce-<attribute> headers, the body as the data in its content type. */
function binaryEvent(headers: IncomingHttpHeaders, body: Buffer): Record<string, unknown> {
  const event: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith('ce-') || value === undefined) continue;
    // header values are percent-encoded where they hold characters outside printable ASCII
    const text = Array.isArray(value) ? value.join(',') : value;
    let decoded: string;
    try {
      decoded = decodeURIComponent(text);
    } catch {
      decoded = text;
    }
    event[name.slice(3)] = decoded;
  }
  const contentType = headers['content-type'];
  if (contentType !== undefined) event.datacontenttype = contentType;
  if (body.length > 0) {
    const text = body.toString('utf8');
    const isJson = /^application\/([\w.+-]*\+)?json(\s*;.*)?$/i.test(contentType ?? '');
    if (isJson) {
      try {
        event.data = JSON.parse(text);
      } catch {
        event.data = text;
      }
    } else {
      event.data_base64 = body.toString('base64');
    }
  }
  return event;
}

function bad(status: number, reason: string): EventsAnswer {
  return { status, body: { accepted: 0, refused: [], error: reason, job: null } };
}
