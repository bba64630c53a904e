/**
 * The device history record (DHR) of one serial: its evidence chain laid out as one plain,
 * serialisable document — a header and a fixed sequence of titled tables — that the PDF, CSV and
 * JSON exports all render. Pure: the same chain always gives the same header and sections; the
 * service adds when it was generated and the content hash.
 */
import type {
  DocumentRef,
  EvidenceChain,
  Gap,
  GapCode,
  InspectionEvidence,
  ReadingSummary,
} from './evidence';
import type { ComponentEdge } from './ncr-reach';
import { formatInstant } from './time';

/** Names the layout; a change of columns or sections is a new format (and another hash). */
export const DHR_FORMAT = 'threadgraph-dhr/1';

export type DhrCell = string | number | boolean | null;

export const DHR_SECTION_IDS = [
  'gaps',
  'revisions',
  'requirements',
  'operations',
  'inspections',
  'nonconformances',
  'components',
  'shipments',
] as const;
export type DhrSectionId = (typeof DHR_SECTION_IDS)[number];

export interface DhrSection {
  readonly id: DhrSectionId;
  readonly title: string;
  readonly columns: readonly string[];
  /** each row has one cell per column */
  readonly rows: readonly (readonly DhrCell[])[];
}

export interface DhrDrawing {
  readonly number: string;
  readonly revision: string;
  readonly current: boolean;
  readonly currentRevision: string | null;
  /** when currency was judged (formatted instant) */
  readonly at: string | null;
}

/** What the record is about, and the verdict; times are formatted instants (UTC). */
export interface DhrSubject extends Pick<
  EvidenceChain,
  | 'serialNumber'
  | 'partNumber'
  | 'site'
  | 'status'
  | 'workOrderId'
  | 'builtToRevision'
  | 'buildStartedAt'
> {
  readonly drawing: DhrDrawing | null;
  readonly complete: boolean;
  readonly gapCount: number;
}

export interface DhrHeader extends DhrSubject {
  /** when this document was made (formatted instant); the one field outside the content hash */
  readonly generatedAt: string;
  readonly generator: { readonly name: string; readonly version: string };
}

export interface Dhr {
  readonly format: typeof DHR_FORMAT;
  readonly header: DhrHeader;
  /** in DHR_SECTION_IDS order, every one present (empty tables included) */
  readonly sections: readonly DhrSection[];
  /** sha256 (hex) of the canonical JSON of this document without generatedAt and contentHash */
  readonly contentHash: string;
}

export function dhrSubject(chain: EvidenceChain): DhrSubject {
  return {
    serialNumber: chain.serialNumber,
    partNumber: chain.partNumber,
    site: chain.site,
    status: chain.status,
    workOrderId: chain.workOrderId,
    builtToRevision: chain.builtToRevision,
    buildStartedAt: when(chain.buildStartedAt),
    drawing: chain.drawing && {
      number: chain.drawing.number,
      revision: chain.drawing.revision,
      current: chain.drawing.current,
      currentRevision: chain.drawing.currentRevision,
      at: when(chain.drawing.at),
    },
    complete: chain.complete,
    gapCount: chain.gaps.length,
  };
}

/** The chain's sections as tables, in DHR_SECTION_IDS order. */
export function dhrSections(chain: EvidenceChain): DhrSection[] {
  const gapsOf = gapIndex(chain.gaps);
  return [
    {
      id: 'gaps',
      title: 'Gaps',
      columns: ['code', 'record kind', 'ref', 'message'],
      rows: chain.gaps.map((g) => [g.code, g.record?.kind ?? null, g.ref, g.message]),
    },
    {
      id: 'revisions',
      title: 'Revision and drawing currency',
      columns: [
        'document',
        'number',
        'revision',
        'current',
        'current revision',
        'judged at',
        'gaps',
      ],
      rows: [builtToRow(chain), drawingRow(chain.drawing, gapsOf)],
    },
    {
      id: 'requirements',
      title: 'Requirements',
      columns: ['requirement', 'title', 'status', 'verifying characteristics', 'gaps'],
      rows: chain.requirements.map((r) => [
        r.id,
        r.title,
        r.status,
        r.verifyingCharacteristics.join(', '),
        gapsOf(r.id),
      ]),
    },
    {
      id: 'operations',
      title: 'Operations',
      columns: [
        'op',
        'execution',
        'started at',
        'completed at',
        'status',
        'rework',
        'work instruction',
        'revision',
        'current',
        'current revision',
        'equipment',
        'operator',
        'readings',
        'gaps',
      ],
      rows: chain.operations.map((o) => {
        const wi = o.workInstruction;
        return [
          o.opNumber,
          o.id,
          when(o.startedAt),
          when(o.completedAt),
          o.status,
          o.rework,
          wi?.number ?? null,
          wi?.revision ?? null,
          wi?.current ?? null,
          wi?.currentRevision ?? null,
          o.equipmentId,
          o.operatorId,
          o.readings.map(readingSummary).join('; '),
          gapsOf(o.id, wi && docKey(wi), o.equipmentId, o.operatorId),
        ];
      }),
    },
    {
      id: 'inspections',
      title: 'Inspections',
      columns: [
        'inspection',
        'characteristic',
        'name',
        'value',
        'limits',
        'result',
        'inspected at',
        'execution',
        'plan',
        'plan revision',
        'current',
        'current revision',
        'gaps',
      ],
      rows: chain.inspections.map((i) => [
        i.id,
        i.characteristicId,
        i.characteristic?.name ?? null,
        i.value,
        i.characteristic ? limits(i.characteristic) : null,
        i.result,
        when(i.inspectedAt),
        i.operationExecutionId,
        i.plan.number,
        i.plan.revision,
        i.plan.current,
        i.plan.currentRevision,
        gapsOf(i.id, docKey(i.plan), i.operationExecutionId),
      ]),
    },
    {
      id: 'nonconformances',
      title: 'Nonconformances and CAPA',
      columns: [
        'ncr',
        'status',
        'disposition',
        'via',
        'raised at',
        'structured',
        'description',
        'capa',
        'capa status',
        'capa closed at',
        'gaps',
      ],
      rows: chain.nonconformances.map((n) => [
        n.id,
        n.status,
        n.disposition,
        n.via,
        when(n.raisedAt),
        n.structured,
        n.description,
        n.capa?.id ?? null,
        n.capa?.status ?? null,
        when(n.capa?.closedAt ?? null),
        gapsOf(n.id, n.capa?.id),
      ]),
    },
    {
      id: 'components',
      title: 'Components',
      columns: ['depth', 'kind', 'id', 'part', 'consumed into', 'gaps'],
      rows: treeOrder(chain.serialNumber, chain.components).map((c) => [
        c.depth,
        c.kind,
        c.id,
        c.partNumber ?? null,
        c.parentId,
        gapsOf(c.id),
      ]),
    },
    {
      id: 'shipments',
      title: 'Shipments',
      columns: ['shipment', 'shipped at', 'customer'],
      rows: chain.shipments.map((s) => [s.id, when(s.shippedAt), s.customer]),
    },
  ];
}

/**
 * The canonical JSON of a value (RFC 8785, JCS, for the values a DHR holds): object keys sorted
 * by UTF-16 code units, no whitespace, numbers and strings as JSON.stringify writes them,
 * undefined properties left out. Equal content gives equal text, whatever the key order.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((v: unknown) => canonicalJson(v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** A file name for a DHR export: the serial, characters a file system may refuse replaced. */
export function dhrFileName(serialNumber: string, extension: 'pdf' | 'csv' | 'json'): string {
  return `DHR-${serialNumber.replace(/[^A-Za-z0-9._-]/g, '_')}.${extension}`;
}

// ---------------------------------------------------------------------------------------------

function when(instant: string | null): string | null {
  return instant === null ? null : formatInstant(instant);
}

function docKey(d: DocumentRef): string {
  return `${d.number}/${d.revision}`;
}

/** The codes (distinct, in gap order) of the gaps whose ref is one of the given. */
function gapIndex(gaps: readonly Gap[]) {
  return (...refs: (string | null | undefined)[]): string => {
    const wanted = new Set(refs.filter((r): r is string => typeof r === 'string'));
    return distinctCodes(gaps.filter((g) => g.ref !== null && wanted.has(g.ref)));
  };
}

function distinctCodes(gaps: readonly Gap[]): string {
  return [...new Set<GapCode>(gaps.map((g) => g.code))].join(', ');
}

/**
 * The built-to revision. The chain judges it at the work order's release, else at the build's
 * start: a BUILT_TO_SUPERSEDED_REVISION gap (from that judgement or from a change order's
 * effectivity) makes it not current; without one it was current when there was a moment to judge
 * at — certainly so once an operation started — and is otherwise not stated (null).
 */
function builtToRow(chain: EvidenceChain): DhrCell[] {
  const refs = new Set([
    chain.workOrderId,
    chain.partNumber,
    chain.builtToRevision === null ? null : `${chain.partNumber}/${chain.builtToRevision}`,
  ]);
  // its own gaps: the built-to judgements (whatever their ref) and unknown references on the way
  const about = chain.gaps.filter(
    (g) => g.code === 'BUILT_TO_SUPERSEDED_REVISION' || (g.ref !== null && refs.has(g.ref)),
  );
  const current =
    chain.builtToRevision === null
      ? null
      : about.some((g) => g.code === 'BUILT_TO_SUPERSEDED_REVISION')
        ? false
        : chain.buildStartedAt !== null
          ? true
          : null;
  return [
    chain.workOrderId === null
      ? 'part revision built to'
      : `part revision built to (locked on work order ${chain.workOrderId})`,
    chain.partNumber,
    chain.builtToRevision,
    current,
    null,
    null,
    distinctCodes(about),
  ];
}

function drawingRow(drawing: DocumentRef | null, gapsOf: ReturnType<typeof gapIndex>): DhrCell[] {
  if (drawing === null) return ['drawing', null, null, null, null, null, ''];
  return [
    'drawing',
    drawing.number,
    drawing.revision,
    drawing.current,
    drawing.currentRevision,
    when(drawing.at),
    gapsOf(docKey(drawing)),
  ];
}

function readingSummary(r: ReadingSummary): string {
  const unit = r.unit ? ` ${r.unit}` : '';
  const range = r.min === undefined || r.max === undefined ? '' : `, min ${r.min}, max ${r.max}`;
  const mean = r.mean === undefined ? '' : `, mean ${num(r.mean)}`;
  return `${r.tag}: ${r.count} reading${r.count === 1 ? '' : 's'}${range}${mean}${unit}`;
}

/** "40 to 45 l/min (nominal 42)", "min 40 l/min", "nominal 42": as the plan revision sets them. */
function limits(c: NonNullable<InspectionEvidence['characteristic']>): string | null {
  const unit = c.unit ? ` ${c.unit}` : '';
  const range =
    c.lower !== null && c.upper !== null
      ? `${c.lower} to ${c.upper}`
      : c.lower !== null
        ? `min ${c.lower}`
        : c.upper !== null
          ? `max ${c.upper}`
          : null;
  const nominal = c.nominal === null ? null : `nominal ${c.nominal}`;
  if (range === null) return nominal === null ? null : `${nominal}${unit}`;
  return `${range}${unit}${nominal === null ? '' : ` (${nominal})`}`;
}

/** A mean to at most three decimals, trailing zeros dropped (limits and readings stay exact). */
function num(n: number): string {
  return String(Number(n.toFixed(3)));
}

/**
 * The genealogy in reading order: depth first from the unit, children in the chain's order, each
 * edge once; an edge a cycle or a missing parent leaves unreached follows at the end.
 */
function treeOrder(root: string, edges: readonly ComponentEdge[]): ComponentEdge[] {
  const children = new Map<string, ComponentEdge[]>();
  for (const e of edges) children.set(e.parentId, [...(children.get(e.parentId) ?? []), e]);
  const out: ComponentEdge[] = [];
  const emitted = new Set<ComponentEdge>();
  const visit = (parent: string, path: ReadonlySet<string>) => {
    for (const e of children.get(parent) ?? []) {
      if (emitted.has(e)) continue;
      emitted.add(e);
      out.push(e);
      if (!path.has(e.id)) visit(e.id, new Set([...path, e.id]));
    }
  };
  visit(root, new Set([root]));
  for (const e of edges) if (!emitted.has(e)) out.push(e);
  return out;
}
