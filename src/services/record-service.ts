/**
 * Any record as the graph holds it, for its own page and for an auditor's "where did this come
 * from": its fields, its provenance (the system and the import run that wrote it, when, the line
 * as received), its earlier versions, the versions of it the authority rule refused, and the
 * records it is linked to — both ways, and through the reference fields kept as properties.
 */
import type { Kind, RecordData } from '../domain/canonical';
import { KINDS, displayKey, isKind, recordId } from '../domain/canonical';
import { ThreadgraphError } from '../domain/errors';
import type { Executor } from '../graph/executor';
import { references } from '../graph/record-mapping';

/** What the current version says of itself (the same as a history version holds). */
const VERSION_FIELDS = [
  'versionHash',
  'recordedAt',
  'source',
  'system',
  'site',
  'importId',
  'line',
  'record',
  'original',
] as const;

/** How many relationships each way a record page lists. */
const LINKS = 200;

/** Provenance and bookkeeping properties: not the record's own fields. */
const NOT_FIELDS = new Set([
  'rid',
  'searchKey',
  'placeholder',
  'importId',
  'source',
  'system',
  'recordedAt',
  'line',
  'versionHash',
  'record',
  'original',
]);

export interface RecordRef {
  readonly kind: Kind;
  /** the key values, in key order */
  readonly key: readonly string[];
  readonly displayKey: string;
}

export interface RecordLink extends RecordRef {
  readonly direction: 'OUT' | 'IN';
  /** the relationship type, or the reference field when the link is kept as a property */
  readonly via: string;
  readonly placeholder: boolean;
}

export interface RecordVersion {
  readonly versionHash?: string;
  readonly recordedAt?: string;
  readonly source?: string;
  readonly system?: string;
  readonly site?: string;
  readonly importId?: string;
  readonly line?: number;
  readonly record?: string;
  readonly original?: string;
}

export interface RefusedVersion {
  readonly source: string;
  readonly system?: string;
  readonly reason: string;
  readonly importId?: string;
  readonly line?: number;
  readonly recordedAt?: string;
  readonly detectedAt: string;
  readonly record?: string;
}

export interface RecordDetails extends RecordRef {
  readonly placeholder: boolean;
  /** the record's fields (nested values as JSON), in the canonical model's order */
  readonly fields: readonly { readonly name: string; readonly value: string }[];
  /** the current version: who said it, when, through which import, as received */
  readonly current: RecordVersion;
  /** the import run that wrote the current version */
  readonly importRun: { label?: string; file?: string; jobId?: string; startedAt?: string } | null;
  readonly history: readonly RecordVersion[];
  readonly refused: readonly RefusedVersion[];
  readonly links: readonly RecordLink[];
  /** relationships not listed (more than 200 a direction) */
  readonly linksNotShown: number;
}

interface RecordRow {
  props: Record<string, unknown>;
  import: RecordDetails['importRun'];
  outgoing: { type: string; rid: string; placeholder?: boolean }[];
  incoming: { type: string; rid: string; placeholder?: boolean }[];
  outgoingCount: number;
  incomingCount: number;
}

export class RecordService {
  constructor(private readonly executor: Executor) {}

  /** The site of a machine or an operation execution (undefined: no such; null: none given). */
  async siteOf(kind: 'machine' | 'execution', id: string): Promise<string | null | undefined> {
    const [row] = await this.executor.read('siteOf', (q) =>
      q.run<{ site?: string | null }>(
        kind === 'machine' ? 'access/read-machine-site' : 'access/read-execution-site',
        { id },
      ),
    );
    return row === undefined ? undefined : (row.site ?? null);
  }

  /** The site of each unit that exists (null where neither it nor its work order says). */
  async unitSites(serialNumbers: readonly string[]): Promise<Map<string, string | null>> {
    const rows = await this.executor.read('unitSites', (q) =>
      q.run<{ serialNumber: string; site: string | null }>('access/read-unit-sites', {
        serialNumbers,
      }),
    );
    return new Map(rows.map((r) => [r.serialNumber, r.site]));
  }

  async record(kindName: string, key: readonly string[]): Promise<RecordDetails | null> {
    if (!isKind(kindName) || kindName === 'Consumption') {
      throw new ThreadgraphError(
        'INVALID_INPUT',
        `no record kind ${JSON.stringify(kindName.slice(0, 40))}`,
      );
    }
    const kind: Kind = kindName;
    const groups = KINDS[kind].key;
    if (key.length !== groups.length) {
      throw new ThreadgraphError(
        'INVALID_INPUT',
        `a ${kind} is named by ${groups.length} value${groups.length > 1 ? 's' : ''} (${groups.map((g) => g.join(' or ')).join(', ')}), not ${key.length}`,
      );
    }
    const data = Object.fromEntries(groups.map((g, i) => [g[0] as string, key[i] as string]));
    const rid = recordId(kind, data);
    return this.executor.read('record', async (q) => {
      const [row] = await q.run<RecordRow>('record/read-record', { rid, limit: LINKS });
      if (row === undefined) return null;
      const [versions] = await q.run<{ history: RecordVersion[]; refused: RefusedVersion[] }>(
        'record/read-versions',
        { rid, prefix: `${rid}#` },
      );
      const p = row.props;
      const fieldNames = Object.keys(KINDS[kind].fields);
      const fields = fieldNames
        .filter((f) => p[f] !== undefined && p[f] !== null)
        .map((f) => ({ name: f, value: text(p[f]) }));
      for (const f of Object.keys(p).sort()) {
        // derived state and anything else the graph keeps beside the fields
        if (!fieldNames.includes(f) && !NOT_FIELDS.has(f))
          fields.push({ name: f, value: text(p[f]) });
      }
      const links: RecordLink[] = [
        ...row.outgoing.map((l) => link(l, 'OUT')),
        ...row.incoming.map((l) => link(l, 'IN')),
      ];
      // references kept as indexed properties (equipment, operator, site, …) are links too
      const declared = new Set(links.map((l) => `${l.kind}\u0000${l.key.join('\u0000')}`));
      if (p.placeholder !== true) {
        for (const r of references(kind, fieldsOf(kind, p))) {
          if (r.type !== undefined) continue;
          const ref = refOf(r.target.rid);
          const id = `${ref.kind}\u0000${ref.key.join('\u0000')}`;
          if (declared.has(id)) continue;
          declared.add(id);
          links.push({ ...ref, direction: 'OUT', via: 'field', placeholder: false });
        }
      }
      return {
        kind,
        key: [...key],
        displayKey: displayKey(kind, data),
        placeholder: p.placeholder === true,
        fields,
        current: Object.fromEntries(
          VERSION_FIELDS.filter((f) => p[f] !== undefined && p[f] !== null).map((f) => [f, p[f]]),
        ),
        importRun: row.import ?? null,
        history: versions?.history ?? [],
        refused: versions?.refused ?? [],
        links,
        linksNotShown:
          Math.max(0, row.outgoingCount - row.outgoing.length) +
          Math.max(0, row.incomingCount - row.incoming.length),
      };
    });
  }
}

/** A record reference from its record id: kind and key values (the field name of "serial or lot" groups dropped). */
export function refOf(rid: string): RecordRef {
  const [kind, ...parts] = JSON.parse(rid) as [Kind, ...string[]];
  const groups = KINDS[kind].key;
  const key = parts.map((p, i) => ((groups[i]?.length ?? 1) > 1 ? p.slice(p.indexOf('=') + 1) : p));
  return { kind, key, displayKey: key.join('/') };
}

function link(
  l: { type: string; rid: string; placeholder?: boolean },
  direction: 'OUT' | 'IN',
): RecordLink {
  return { ...refOf(l.rid), direction, via: l.type, placeholder: l.placeholder === true };
}

/** The stored properties read back as record data (nested values parsed, lists kept). */
function fieldsOf(kind: Kind, props: Record<string, unknown>): RecordData {
  const out: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(KINDS[kind].fields)) {
    const v = props[name];
    if (v === undefined || v === null) continue;
    out[name] =
      typeof type === 'object' && !('enum' in type) && typeof v === 'string' ? JSON.parse(v) : v;
  }
  return out as RecordData;
}

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}
