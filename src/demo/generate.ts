/**
 * The demo thread: a deterministic, realistic canonical dataset (same units and seed → same bytes).
 *
 * A coolant pump (PA-100, serialised) is assembled at two plants from a motor housing (MH-200) and
 * an impeller (IMP-300), both serialised and built in-house from aluminium bar lots, plus seal-kit
 * and fastener lots. Revisions, drawings, work instructions and inspection plans are released
 * while production runs; ERP keeps locking some work orders to the previous revision for a while
 * after each release; the floor sometimes runs a stale work instruction; NCRs are raised (some
 * structured, many free text), reworked, closed, tied to CAPAs that drive change orders; units are
 * shipped in tens. Rates are chosen so that every gap code occurs.
 *
 * The seed's story is SN-0047: its work order was released just after PLM released revision D of
 * PA-100, still locked to revision C (ERP lag) and inside ECO-0007's serial effectivity; it was
 * inspected to plan IP-PA-40 revision C, and weeks later QMS re-exported the result showing
 * revision D, after someone edited the plan template. It needs at least 50 units.
 */
import { fromEpoch } from '../domain/time';

export interface GenerateOptions {
  /** pump assemblies (top-level units); each also brings one housing and one impeller */
  readonly units: number;
  readonly seed: number;
}

export interface DemoRecord {
  readonly kind: string;
  readonly source: string;
  readonly system?: string;
  readonly site?: string;
  readonly recordedAt: string;
  readonly data: Record<string, unknown>;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const START = Date.UTC(2026, 0, 5, 6, 0, 0);
const PERIOD = 330 * DAY;
const OP_DURATION = 25 * MINUTE;
const OP_SPACING = 30 * MINUTE;
const UNITS_PER_ORDER = 10;

const SITES = [
  {
    code: 'PLANT-A',
    name: 'Derby works',
    timezone: 'Europe/London',
    mes: 'mes-plant-a',
    erp: 'erp-eu',
  },
  {
    code: 'PLANT-B',
    name: 'Wichita works',
    timezone: 'America/Chicago',
    mes: 'mes-plant-b',
    erp: 'erp-us',
  },
] as const;
type SiteInfo = (typeof SITES)[number];

interface Characteristic {
  readonly id: string;
  readonly name: string;
  readonly nominal: number;
  readonly lower: number;
  readonly upper: number;
  readonly unit: string;
  readonly verifies: readonly string[];
}

interface Operation {
  readonly opNumber: string;
  readonly name: string;
  readonly workCenter: string;
  readonly workInstruction: string;
  readonly plan?: string;
}

/** A part built in-house, with its routing and its revisions' release times. */
interface BuiltPart {
  readonly partNumber: string;
  readonly name: string;
  readonly prefix: string;
  readonly drawing: string;
  readonly requirements: readonly string[];
  readonly routing: readonly Operation[];
  /** revision → release time; each supersedes the one before */
  readonly revisions: readonly { readonly revision: string; readonly releasedAt: number }[];
}

/** Small, fast, seedable PRNG (mulberry32): the demo must not depend on Math.random. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** roughly normal, by the sum of uniforms */
  normal(mean: number, sd: number): number {
    return mean + sd * (this.next() + this.next() + this.next() + this.next() - 2) * 1.22;
  }
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const time = (ms: number) => fromEpoch(Math.round(ms / 1000) * 1000).replace('.000000000Z', 'Z');
const round = (v: number, digits: number) => Number(v.toFixed(digits));

export function* generateDemo(options: GenerateOptions): Generator<DemoRecord> {
  const { units } = options;
  if (!Number.isInteger(units) || units < 1)
    throw new RangeError('units must be a positive integer');
  const rnd = new Random(options.seed);
  const interval = PERIOD / units;
  const unitStart = (i: number) => START + i * interval;
  const storyAt = units >= 50 ? unitStart(40) - HOUR : undefined;
  const end = START + PERIOD;

  // --- release calendar ----------------------------------------------------------------------
  const pumpDRelease = storyAt ?? START + 0.25 * PERIOD;
  const pump: BuiltPart = {
    partNumber: 'PA-100',
    name: 'Coolant pump assembly',
    prefix: 'SN-',
    drawing: 'DWG-PA-100',
    requirements: ['REQ-PA-1', 'REQ-PA-2', 'REQ-PA-3', 'REQ-PA-4'],
    routing: [
      {
        opNumber: '10',
        name: 'Assemble housing and impeller',
        workCenter: 'ASSY',
        workInstruction: 'WI-PA-10',
      },
      {
        opNumber: '20',
        name: 'Fit seals and fasten',
        workCenter: 'ASSY',
        workInstruction: 'WI-PA-20',
      },
      {
        opNumber: '30',
        name: 'Leak test',
        workCenter: 'TEST',
        workInstruction: 'WI-PA-30',
        plan: 'IP-PA-30',
      },
      {
        opNumber: '40',
        name: 'Flow test',
        workCenter: 'TEST',
        workInstruction: 'WI-PA-40',
        plan: 'IP-PA-40',
      },
      {
        opNumber: '50',
        name: 'Final inspection',
        workCenter: 'QA',
        workInstruction: 'WI-PA-50',
        plan: 'IP-PA-50',
      },
    ],
    revisions: [
      { revision: 'B', releasedAt: START - 200 * DAY },
      { revision: 'C', releasedAt: START - 30 * DAY },
      { revision: 'D', releasedAt: pumpDRelease },
    ],
  };
  const housing: BuiltPart = {
    partNumber: 'MH-200',
    name: 'Motor housing',
    prefix: 'MH-',
    drawing: 'DWG-MH-200',
    requirements: ['REQ-MH-1'],
    routing: [
      {
        opNumber: '10',
        name: 'Machine housing',
        workCenter: 'CNC',
        workInstruction: 'WI-MH-10',
        plan: 'IP-MH-10',
      },
      { opNumber: '20', name: 'Deburr and wash', workCenter: 'FIN', workInstruction: 'WI-MH-20' },
    ],
    revisions: [
      { revision: 'A', releasedAt: START - 300 * DAY },
      { revision: 'B', releasedAt: START + 0.5 * PERIOD },
    ],
  };
  const impeller: BuiltPart = {
    partNumber: 'IMP-300',
    name: 'Impeller',
    prefix: 'IMP-',
    drawing: 'DWG-IMP-300',
    requirements: ['REQ-IMP-1'],
    routing: [
      { opNumber: '10', name: 'Machine impeller', workCenter: 'CNC', workInstruction: 'WI-IMP-10' },
      {
        opNumber: '20',
        name: 'Balance',
        workCenter: 'BAL',
        workInstruction: 'WI-IMP-20',
        plan: 'IP-IMP-20',
      },
    ],
    revisions: [
      { revision: 'A', releasedAt: START - 300 * DAY },
      { revision: 'B', releasedAt: START + 0.8 * PERIOD },
    ],
  };
  const builtParts = [pump, housing, impeller];

  const workInstructions: Record<string, { revision: string; releasedAt: number }[]> = {};
  for (const part of builtParts) {
    for (const op of part.routing)
      workInstructions[op.workInstruction] = [{ revision: 'A', releasedAt: START - 60 * DAY }];
  }
  workInstructions['WI-PA-30']?.push({ revision: 'B', releasedAt: START + 0.3 * PERIOD });
  workInstructions['WI-MH-10']?.push({ revision: 'B', releasedAt: START + 0.6 * PERIOD });
  workInstructions['WI-PA-40']?.push({ revision: 'B', releasedAt: START + 0.75 * PERIOD });

  const characteristics: Record<string, Characteristic[]> = {
    'IP-PA-30': [
      {
        id: 'LEAK',
        name: 'Leak rate at 6 bar',
        nominal: 0.01,
        lower: 0,
        upper: 0.05,
        unit: 'mbar.l/s',
        verifies: ['REQ-PA-2'],
      },
    ],
    'IP-PA-40': [
      {
        id: 'FLOW',
        name: 'Flow at 3 bar',
        nominal: 42,
        lower: 40,
        upper: 48,
        unit: 'l/min',
        verifies: ['REQ-PA-1'],
      },
    ],
    'IP-PA-50': [
      {
        id: 'BORE',
        name: 'Housing bore',
        nominal: 52.015,
        lower: 52.0,
        upper: 52.03,
        unit: 'mm',
        verifies: ['REQ-PA-3'],
      },
      {
        id: 'MARK',
        name: 'Marking legible',
        nominal: 1,
        lower: 1,
        upper: 1,
        unit: 'bool',
        verifies: ['REQ-PA-4'],
      },
    ],
    'IP-MH-10': [
      {
        id: 'WALL',
        name: 'Wall thickness',
        nominal: 4.5,
        lower: 4.0,
        upper: 5.0,
        unit: 'mm',
        verifies: ['REQ-MH-1'],
      },
      {
        id: 'BORE-MH',
        name: 'Bearing bore',
        nominal: 30.0,
        lower: 29.98,
        upper: 30.02,
        unit: 'mm',
        verifies: [],
      },
    ],
    'IP-IMP-20': [
      {
        id: 'BAL',
        name: 'Residual unbalance',
        nominal: 1.2,
        lower: 0,
        upper: 2,
        unit: 'g.mm',
        verifies: ['REQ-IMP-1'],
      },
    ],
  };
  const planRevisions: Record<string, { revision: string; releasedAt: number }[]> = {
    'IP-PA-30': [{ revision: 'C', releasedAt: START - 30 * DAY }],
    'IP-PA-40': [
      { revision: 'C', releasedAt: START - 30 * DAY },
      // the template edit of the seed story: revision D, three weeks after SN-0047 was inspected
      {
        revision: 'D',
        releasedAt: (storyAt === undefined ? START + 0.25 * PERIOD : unitStart(46)) + 21 * DAY,
      },
    ],
    'IP-PA-50': [{ revision: 'C', releasedAt: START - 30 * DAY }],
    'IP-MH-10': [{ revision: 'A', releasedAt: START - 300 * DAY }],
    'IP-IMP-20': [{ revision: 'A', releasedAt: START - 300 * DAY }],
  };

  // --- records ------------------------------------------------------------------------------
  const scheduled: { at: number; record: DemoRecord }[] = [];
  const schedule = (at: number, record: DemoRecord) => scheduled.push({ at, record });
  const rec = (
    kind: string,
    source: string,
    recordedAt: number,
    data: Record<string, unknown>,
    envelope: { system?: string; site?: string } = {},
  ): DemoRecord => ({ kind, source, ...envelope, recordedAt: time(recordedAt), data });
  /** A Consumption: `parent` consumed `child` (a serial or, with `lot`, a lot) at an operation. */
  const consumption = (
    parent: string,
    child: { serial?: string; lot?: string },
    op: string,
    quantity: number,
    at: number,
    envelope: { system?: string; site?: string },
  ) =>
    rec(
      'Consumption',
      'MES',
      at,
      {
        parentSerialNumber: parent,
        ...(child.serial ? { childSerialNumber: child.serial } : { childLotNumber: child.lot }),
        operationExecutionId: `OE-${parent}-${op}`,
        quantity,
        consumedAt: time(at),
      },
      envelope,
    );
  const plm = { system: 'plm-windchill' };
  const alm = { system: 'alm-polarion' };
  const qms = { system: 'qms-etq' };

  // master data, as of the start
  const t0 = START - 400 * DAY;
  for (const s of SITES)
    yield rec(
      'Site',
      'ERP',
      t0,
      { code: s.code, name: s.name, timezone: s.timezone },
      { system: s.erp },
    );
  const requirements: [string, string, string, string?][] = [
    ['SYS-1', 'Pump delivers 40 l/min at 3 bar', 'SYSTEM'],
    ['REQ-PA-1', 'Flow rate at least 40 l/min at 3 bar', 'PRODUCT', 'SYS-1'],
    ['REQ-PA-2', 'Leak-tight at 6 bar proof pressure', 'PRODUCT', 'SYS-1'],
    ['REQ-PA-3', 'Housing bore 52 H7', 'PRODUCT'],
    ['REQ-PA-4', 'Permanent legible marking with serial number', 'PRODUCT'],
    ['REQ-MH-1', 'Housing wall at least 4.0 mm', 'COMPONENT', 'REQ-PA-2'],
    ['REQ-IMP-1', 'Impeller residual unbalance at most 2 g.mm', 'COMPONENT', 'REQ-PA-1'],
  ];
  for (const [id, title, level, parentId] of requirements) {
    yield rec(
      'Requirement',
      'ALM',
      t0,
      { id, title, level, ...(parentId ? { parentId } : {}) },
      alm,
    );
  }
  const parts: [string, string, string][] = [
    [pump.partNumber, pump.name, 'SERIAL'],
    [housing.partNumber, housing.name, 'SERIAL'],
    [impeller.partNumber, impeller.name, 'SERIAL'],
    ['AL-6061', 'Aluminium bar 6061-T6', 'LOT'],
    ['SK-10', 'Seal kit', 'LOT'],
    ['FST-M6', 'Fastener kit M6', 'LOT'],
    ['TL-243', 'Threadlocker, medium strength', 'LOT'],
  ];
  for (const [partNumber, name, tracking] of parts)
    yield rec('Part', 'PLM', t0, { partNumber, name, tracking }, plm);

  const changeOrders: Record<string, string> = {
    'PA-100/D': 'ECO-0007',
    'MH-200/B': 'ECO-0012',
    'IMP-300/B': 'ECO-0015',
  };
  for (const part of builtParts) {
    part.revisions.forEach((r, i) => {
      const next = part.revisions[i + 1];
      const data = {
        partNumber: part.partNumber,
        revision: r.revision,
        drawingNumber: part.drawing,
        drawingRevision: r.revision,
        satisfies: part.requirements,
        ...(changeOrders[`${part.partNumber}/${r.revision}`]
          ? { changeOrderId: changeOrders[`${part.partNumber}/${r.revision}`] }
          : {}),
      };
      const drawing = {
        drawingNumber: part.drawing,
        revision: r.revision,
        title: `${part.name} rev ${r.revision}`,
      };
      const released = { ...data, status: 'RELEASED', releasedAt: time(r.releasedAt) };
      const emit = (at: number, record: DemoRecord) =>
        at <= START ? undefined : schedule(at, record);
      // released (now, or when the release happens)
      const first = rec('PartRevision', 'PLM', r.releasedAt, released, plm);
      const firstDrawing = rec(
        'DrawingRevision',
        'PLM',
        r.releasedAt,
        { ...drawing, releasedAt: time(r.releasedAt) },
        plm,
      );
      if (r.releasedAt <= START) {
        scheduled.push({ at: -Infinity, record: first }, { at: -Infinity, record: firstDrawing });
      } else {
        emit(r.releasedAt, first);
        emit(r.releasedAt, firstDrawing);
      }
      // superseded when the next one is released: a new version of the same record
      if (next !== undefined) {
        const superseded = {
          ...released,
          status: 'SUPERSEDED',
          supersededAt: time(next.releasedAt),
        };
        const record = rec('PartRevision', 'PLM', next.releasedAt, superseded, plm);
        const drawingRecord = rec(
          'DrawingRevision',
          'PLM',
          next.releasedAt,
          { ...drawing, releasedAt: time(r.releasedAt), supersededAt: time(next.releasedAt) },
          plm,
        );
        if (next.releasedAt <= START)
          scheduled.push({ at: -Infinity, record }, { at: -Infinity, record: drawingRecord });
        else {
          emit(next.releasedAt, record);
          emit(next.releasedAt, drawingRecord);
        }
      }
    });
  }
  const bom: [BuiltPart, string, string, number][] = [
    [pump, 'MH-200', '10', 1],
    [pump, 'IMP-300', '20', 1],
    [pump, 'SK-10', '30', 1],
    [pump, 'FST-M6', '40', 1],
    [housing, 'AL-6061', '10', 0.8],
    [impeller, 'AL-6061', '10', 0.4],
    [impeller, 'TL-243', '20', 0.001],
  ];
  for (const [parent, child, findNumber, quantity] of bom) {
    for (const r of parent.revisions) {
      for (const bomType of ['EBOM', 'MBOM'] as const) {
        yield rec(
          'BomLine',
          'PLM',
          Math.min(r.releasedAt, START),
          {
            parentPartNumber: parent.partNumber,
            parentRevision: r.revision,
            childPartNumber: child,
            findNumber: bomType === 'EBOM' ? findNumber : `M${findNumber}`,
            quantity,
            bomType,
            ...(bomType === 'MBOM' ? { opNumber: parent.routing[0]?.opNumber } : {}),
          },
          plm,
        );
      }
    }
  }
  for (const part of builtParts) {
    for (const r of part.revisions) {
      for (const op of part.routing) {
        yield rec(
          'RoutingOperation',
          'PLM',
          Math.min(r.releasedAt, START),
          {
            partNumber: part.partNumber,
            revision: r.revision,
            opNumber: op.opNumber,
            name: op.name,
            workCenter: op.workCenter,
            workInstructionNumber: op.workInstruction,
            ...(op.plan ? { inspectionPlanId: op.plan } : {}),
          },
          plm,
        );
      }
    }
  }
  for (const [documentNumber, revisions] of Object.entries(workInstructions)) {
    revisions.forEach((r, i) => {
      const next = revisions[i + 1];
      const data = {
        documentNumber,
        revision: r.revision,
        title: `${documentNumber} rev ${r.revision}`,
        releasedAt: time(r.releasedAt),
      };
      scheduled.push({
        at: r.releasedAt <= START ? -Infinity : r.releasedAt,
        record: rec('WorkInstructionRevision', 'PLM', r.releasedAt, data, plm),
      });
      if (next) {
        scheduled.push({
          at: next.releasedAt,
          record: rec(
            'WorkInstructionRevision',
            'PLM',
            next.releasedAt,
            { ...data, supersededAt: time(next.releasedAt) },
            plm,
          ),
        });
      }
    });
  }
  for (const [planId, revisions] of Object.entries(planRevisions)) {
    revisions.forEach((r, i) => {
      const next = revisions[i + 1];
      const data = {
        planId,
        revision: r.revision,
        releasedAt: time(r.releasedAt),
        characteristics: characteristics[planId],
      };
      scheduled.push({
        at: r.releasedAt <= START ? -Infinity : r.releasedAt,
        record: rec('InspectionPlanRevision', 'QMS', r.releasedAt, data, qms),
      });
      if (next) {
        scheduled.push({
          at: next.releasedAt,
          record: rec(
            'InspectionPlanRevision',
            'QMS',
            next.releasedAt,
            { ...data, supersededAt: time(next.releasedAt) },
            qms,
          ),
        });
      }
    });
  }

  // change orders with all three kinds of effectivity, and the CAPA that drove the first
  const eco = (
    id: string,
    title: string,
    part: BuiltPart,
    to: string,
    effectivity: object,
    capaId?: string,
  ) => {
    const target = part.revisions.find((r) => r.revision === to);
    const from = part.revisions[part.revisions.findIndex((r) => r.revision === to) - 1];
    if (!target || !from) return;
    schedule(
      target.releasedAt - HOUR,
      rec(
        'ChangeOrder',
        'PLM',
        target.releasedAt - HOUR,
        {
          id,
          title,
          releasedAt: time(target.releasedAt - HOUR),
          changes: [{ partNumber: part.partNumber, fromRevision: from.revision, toRevision: to }],
          effectivity,
          ...(capaId ? { capaId } : {}),
        },
        plm,
      ),
    );
  };
  eco(
    'ECO-0007',
    'Thicker housing flange seal groove',
    pump,
    'D',
    { type: 'SERIAL', from: 'SN-0041' },
    'CAPA-0001',
  );
  eco('ECO-0012', 'Housing wall +0.2 mm', housing, 'B', {
    type: 'DATE',
    from: time(housing.revisions[1]?.releasedAt ?? START).slice(0, 10),
  });
  const firstImpellerOrderAfterB =
    Math.ceil(
      ((impeller.revisions[1]?.releasedAt ?? START) + DAY - START) / interval / UNITS_PER_ORDER,
    ) + 1;
  eco('ECO-0015', 'Impeller vane profile', impeller, 'B', {
    type: 'LOT',
    from: `WO-IMP-${pad(firstImpellerOrderAfterB, 5)}`,
  });
  const capaOpened = (storyAt ?? START) - 20 * DAY;
  yield rec(
    'Capa',
    'QMS',
    capaOpened,
    { id: 'CAPA-0001', status: 'OPEN', openedAt: time(capaOpened) },
    qms,
  );
  schedule(
    pumpDRelease + 60 * DAY,
    rec(
      'Capa',
      'QMS',
      pumpDRelease + 60 * DAY,
      {
        id: 'CAPA-0001',
        status: 'CLOSED',
        openedAt: time(capaOpened),
        closedAt: time(pumpDRelease + 60 * DAY),
        changeOrderIds: ['ECO-0007'],
      },
      qms,
    ),
  );
  yield rec(
    'Nonconformance',
    'QMS',
    capaOpened - DAY,
    {
      id: 'NCR-00001',
      raisedAt: time(capaOpened - DAY),
      status: 'CLOSED',
      disposition: 'USE_AS_IS',
      description: 'Seal groove flange marginal on field returns of the previous build standard',
      capaId: 'CAPA-0001',
    },
    qms,
  );

  // equipment and people
  const ops = builtParts.flatMap((p) => p.routing.map((op) => ({ part: p, op })));
  const machinesPerOp = Math.max(2, Math.ceil(OP_DURATION / interval) + 1);
  const equipmentId = (site: SiteInfo, part: BuiltPart, op: Operation, n: number) =>
    `${site.code.slice(-1)}-${op.workCenter}-${part.prefix.replace('-', '')}${op.opNumber}-${pad(n + 1, 2)}`;
  for (const site of SITES) {
    for (const { part, op } of ops) {
      for (let n = 0; n < machinesPerOp; n++) {
        yield rec(
          'Equipment',
          'MES',
          t0,
          {
            id: equipmentId(site, part, op, n),
            name: `${op.name} cell ${n + 1}`,
            type: op.workCenter,
            site: site.code,
          },
          { system: site.mes, site: site.code },
        );
      }
    }
    yield rec(
      'Equipment',
      'MES',
      t0,
      {
        id: `${site.code.slice(-1)}-REWORK-01`,
        name: 'Rework cell',
        type: 'REWORK',
        site: site.code,
      },
      { system: site.mes, site: site.code },
    );
    for (let n = 1; n <= 12; n++) {
      yield rec(
        'Operator',
        'MES',
        t0,
        { id: `OP-${site.code.slice(-1)}-${pad(n, 2)}`, qualifications: ['ASSY', 'TEST', 'CNC'] },
        { system: site.mes, site: site.code },
      );
    }
  }
  // governance: records from systems that are not the authority for their kind
  yield rec(
    'PartRevision',
    'ERP',
    START,
    { partNumber: 'PA-100', revision: 'C', status: 'RELEASED' },
    { system: 'erp-eu', site: 'PLANT-A' },
  );
  yield rec(
    'InspectionResult',
    'MES',
    START + DAY,
    {
      id: 'IR-MES-00001',
      serialNumber: 'SN-0001',
      characteristicId: 'FLOW',
      value: 43.1,
      result: 'PASS',
    },
    { system: 'mes-plant-a', site: 'PLANT-A' },
  );
  yield rec(
    'WorkInstructionRevision',
    'QMS',
    START + 2 * DAY,
    { documentNumber: 'WI-PA-30', revision: 'A2', title: 'QA markup of leak test' },
    qms,
  );

  // --- production ---------------------------------------------------------------------------
  const lots = new Map<string, number>(); // lot number → units consumed
  const lotFor = (
    partNumber: string,
    prefix: string,
    per: number,
    index: number,
    at: number,
    supplier: string,
  ) => {
    const n = Math.floor(index / per) + 1;
    const lotNumber = `${prefix}${pad(n, 5)}`;
    const fresh = !lots.has(lotNumber);
    lots.set(lotNumber, (lots.get(lotNumber) ?? 0) + 1);
    // one in 40 supplier lots never reaches ERP: it stays a placeholder
    const record =
      fresh && !(partNumber === 'SK-10' && n % 40 === 17)
        ? rec(
            'Lot',
            'ERP',
            at - 3 * DAY,
            { lotNumber, partNumber, supplier, receivedAt: time(at - 3 * DAY), quantity: per },
            { system: 'erp-eu' },
          )
        : undefined;
    return { lotNumber, record };
  };

  let ncrCount = 1;
  let shipmentCount = 0;
  const toShip: { serial: string; completedAt: number; orderId: string }[] = [];
  const revisionAt = (part: BuiltPart, at: number) => {
    let current = part.revisions[0] as BuiltPart['revisions'][number];
    let previous: typeof current | undefined;
    for (const r of part.revisions) {
      if (r.releasedAt <= at) {
        previous = current === r ? previous : current;
        current = r;
      }
    }
    return { current, previous: previous === current ? undefined : previous };
  };
  const lag = Math.max(2 * DAY, 0.03 * PERIOD);
  const lockRevision = (part: BuiltPart, at: number, forceOld: boolean): string => {
    const { current, previous } = revisionAt(part, at);
    if (previous && (forceOld || (at - current.releasedAt < lag && rnd.chance(0.5))))
      return previous.revision;
    return current.revision;
  };
  const wiAt = (doc: string, at: number) => {
    const revisions = workInstructions[doc] ?? [];
    let current = revisions[0];
    let previous: typeof current;
    for (const r of revisions)
      if (r.releasedAt <= at) [previous, current] = [current === r ? previous : current, r];
    return {
      current: current?.revision ?? 'A',
      previous: previous && previous !== current ? previous.revision : undefined,
      since: current?.releasedAt ?? 0,
    };
  };
  const planAt = (planId: string, at: number) => {
    const revisions = planRevisions[planId] ?? [];
    let current = revisions[0];
    for (const r of revisions) if (r.releasedAt <= at) current = r;
    return current?.revision ?? 'A';
  };

  /** One built unit: its operations, readings, inspections, and the NCRs its failures raise. */
  function* build(
    part: BuiltPart,
    serial: string,
    workOrderId: string,
    revision: string,
    site: SiteInfo,
    start: number,
    index: number,
    story: boolean,
  ): Generator<DemoRecord, number> {
    const mes = { system: site.mes, site: site.code };
    const qmsSite = { ...qms, site: site.code };
    let at = start;
    const skipOp = !story && rnd.chance(0.006) ? rnd.int(part.routing.length) : -1;
    for (const [k, op] of part.routing.entries()) {
      at = start + k * OP_SPACING;
      if (k === skipOp) continue; // the MES never recorded it
      const wi = wiAt(op.workInstruction, at);
      const staleWi =
        !story && wi.previous !== undefined && at - wi.since < 0.05 * PERIOD && rnd.chance(0.15);
      const missingWi = !story && rnd.chance(0.004);
      const tempOperator = !story && rnd.chance(0.004);
      const machine = equipmentId(site, part, op, index % machinesPerOp);
      const id = `OE-${serial}-${op.opNumber}`;
      const execution = (exId: string, from: number, rework: boolean, status = 'COMPLETED') =>
        rec(
          'OperationExecution',
          'MES',
          from + OP_DURATION + MINUTE,
          {
            id: exId,
            serialNumber: serial,
            workOrderId,
            opNumber: op.opNumber,
            ...(missingWi
              ? {}
              : {
                  workInstructionNumber: op.workInstruction,
                  workInstructionRevision: staleWi ? wi.previous : wi.current,
                }),
            equipmentId: rework ? `${site.code.slice(-1)}-REWORK-01` : machine,
            operatorId: tempOperator
              ? `OP-TEMP-${pad(rnd.int(20) + 1, 2)}`
              : `OP-${site.code.slice(-1)}-${pad(rnd.int(12) + 1, 2)}`,
            startedAt: time(from),
            completedAt: time(from + OP_DURATION),
            status,
            rework,
          },
          mes,
        );
      const aborted = !story && rnd.chance(0.002);
      yield execution(id, at, false, aborted ? 'ABORTED' : 'COMPLETED');
      for (const [j, fraction] of [0.2, 0.8].entries()) {
        yield rec(
          'Reading',
          'OT',
          at + fraction * OP_DURATION,
          {
            equipmentId: machine,
            tag: 'power_kw',
            sourceTimestamp: time(at + fraction * OP_DURATION + j * 1000),
            value: round(rnd.normal(op.workCenter === 'CNC' ? 7.5 : 1.8, 0.3), 3),
            unit: 'kW',
            quality: 'Good',
          },
          { system: `opcua-${site.code.toLowerCase()}`, site: site.code },
        );
      }
      if (aborted) continue;
      if (!op.plan) continue;
      for (const c of characteristics[op.plan] ?? []) {
        if (!story && rnd.chance(0.004)) continue; // result never recorded
        const inspectedAt = at + OP_DURATION - 2 * MINUTE;
        const fails = !story && rnd.chance(0.012);
        const value = fails
          ? c.upper + (c.upper - c.lower + 0.1) * 0.2
          : round(rnd.normal(c.nominal, (c.upper - c.lower) / 12), 3);
        let planRevision = planAt(op.plan, inspectedAt);
        if (!story && rnd.chance(0.003))
          planRevision = planRevisions[op.plan]?.[0]?.revision ?? planRevision;
        const resultId = `IR-${serial}-${op.opNumber}-${c.id}`;
        const result = {
          id: resultId,
          serialNumber: serial,
          operationExecutionId: id,
          planId: op.plan,
          planRevision,
          characteristicId: c.id,
          value: c.unit === 'bool' ? (fails ? 0 : 1) : round(value, 4),
          result: fails ? 'FAIL' : 'PASS',
          inspectedAt: time(inspectedAt),
          inspectorId: `INSP-${site.code.slice(-1)}-${pad(rnd.int(4) + 1, 2)}`,
        };
        yield rec('InspectionResult', 'QMS', inspectedAt + MINUTE, result, qmsSite);
        if (story && op.plan === 'IP-PA-40') {
          // weeks later the template was edited and QMS re-exported the record showing revision D
          const reExport = (planRevisions['IP-PA-40']?.[1]?.releasedAt ?? inspectedAt) + 5 * DAY;
          schedule(
            reExport,
            rec('InspectionResult', 'QMS', reExport, { ...result, planRevision: 'D' }, qmsSite),
          );
        }
        if (!fails) continue;
        // a failure: usually an NCR, rework and a passing re-inspection; sometimes waved through
        const raisedAt = inspectedAt + 10 * MINUTE;
        if (rnd.chance(0.25)) continue; // waved through: the latest result stays FAIL, no NCR
        const ncrId = `NCR-${pad(++ncrCount, 5)}`;
        const structured = rnd.chance(0.55);
        const recent = end - raisedAt < 0.04 * PERIOD;
        const withCapa = rnd.chance(0.2);
        const capaId = withCapa ? `CAPA-${pad(ncrCount, 5)}` : undefined;
        const ncr = {
          id: ncrId,
          raisedAt: time(raisedAt),
          description: `${c.name} out of tolerance on ${serial}: ${result.value} ${c.unit}`,
          status: 'OPEN',
          serialNumbers: [serial],
          ...(structured
            ? {
                operationExecutionId: id,
                drawingNumber: part.drawing,
                drawingRevision: revision,
                characteristicId: c.id,
                ...(c.verifies[0] ? { requirementId: c.verifies[0] } : {}),
              }
            : {}),
          ...(capaId ? { capaId } : {}),
        };
        yield rec('Nonconformance', 'QMS', raisedAt, ncr, qmsSite);
        if (capaId) {
          yield rec(
            'Capa',
            'QMS',
            raisedAt + HOUR,
            { id: capaId, status: 'OPEN', openedAt: time(raisedAt + HOUR) },
            qmsSite,
          );
          if (!recent && rnd.chance(0.7)) {
            schedule(
              raisedAt + 30 * DAY,
              rec(
                'Capa',
                'QMS',
                raisedAt + 30 * DAY,
                {
                  id: capaId,
                  status: 'CLOSED',
                  openedAt: time(raisedAt + HOUR),
                  closedAt: time(raisedAt + 30 * DAY),
                },
                qmsSite,
              ),
            );
          }
        }
        // rework the operation and inspect again
        const reworkAt = raisedAt + HOUR;
        const reworkId = `${id}-RW1`;
        yield execution(reworkId, reworkAt, true);
        yield rec(
          'InspectionResult',
          'QMS',
          reworkAt + OP_DURATION,
          {
            ...result,
            id: `${resultId}-RW1`,
            operationExecutionId: reworkId,
            value: c.unit === 'bool' ? 1 : round(c.nominal, 4),
            result: 'PASS',
            inspectedAt: time(reworkAt + OP_DURATION - MINUTE),
          },
          qmsSite,
        );
        if (!recent) {
          const closedAt = raisedAt + 3 * DAY;
          schedule(
            closedAt,
            rec(
              'Nonconformance',
              'QMS',
              closedAt,
              { ...ncr, status: 'CLOSED', disposition: 'REWORK' },
              qmsSite,
            ),
          );
        }
        at = reworkAt;
      }
    }
    return at + OP_DURATION;
  }

  const orders = Math.ceil(units / UNITS_PER_ORDER);
  for (let o = 0; o < orders; o++) {
    const first = o * UNITS_PER_ORDER;
    const site = SITES[o % 2] as SiteInfo;
    const erp = { system: site.erp, site: site.code };
    const mes = { system: site.mes, site: site.code };
    const orderStart = unitStart(first);
    // flush what happened before this order started (releases, template edits, closures)
    scheduled.sort((a, b) => a.at - b.at);
    while (scheduled.length > 0 && (scheduled[0]?.at ?? Infinity) <= orderStart - 2 * DAY) {
      yield (scheduled.shift() as { record: DemoRecord }).record;
    }

    const storyOrder = storyAt !== undefined && first === 40;
    const releasedAt =
      storyOrder && storyAt !== undefined ? storyAt + 30 * MINUTE : orderStart - 6 * HOUR;
    const pumpRevision = lockRevision(pump, releasedAt, storyOrder);
    const orderId = `WO-PA-${pad(o + 1, 5)}`;
    const count = Math.min(UNITS_PER_ORDER, units - first);
    yield rec(
      'WorkOrder',
      'ERP',
      releasedAt,
      {
        id: orderId,
        partNumber: pump.partNumber,
        revision: pumpRevision,
        quantity: count,
        site: site.code,
        releasedAt: time(releasedAt),
        status: 'RELEASED',
      },
      erp,
    );
    // the housings and impellers for this order, built the day before
    const subOrders = [housing, impeller].map((part) => {
      const at = orderStart - DAY - 6 * HOUR;
      const id = `WO-${part.prefix.replace('-', '')}-${pad(o + 1, 5)}`;
      const revision = lockRevision(part, at, false);
      return {
        part,
        id,
        at,
        revision,
        record: rec(
          'WorkOrder',
          'ERP',
          at,
          {
            id,
            partNumber: part.partNumber,
            revision,
            quantity: count,
            site: site.code,
            releasedAt: time(at),
            status: 'RELEASED',
          },
          erp,
        ),
      };
    });
    for (const s of subOrders) yield s.record;

    for (let i = first; i < first + count; i++) {
      const serial = `SN-${pad(i + 1, 4)}`;
      const start = unitStart(i);
      const story = serial === 'SN-0047';
      yield rec(
        'Unit',
        'MES',
        start,
        {
          serialNumber: serial,
          partNumber: pump.partNumber,
          workOrderId: orderId,
          site: site.code,
          status: 'IN_PROCESS',
        },
        mes,
      );
      const components: { serial: string; part: BuiltPart }[] = [];
      for (const s of subOrders) {
        const sub = `${s.part.prefix}${pad(i + 1, 5)}`;
        const subStart = start - DAY;
        const material = lotFor(
          'AL-6061',
          'AL-',
          50,
          i * 2 + (s.part === housing ? 0 : 1),
          subStart,
          'Alcoa Europe',
        );
        if (material.record) yield material.record;
        yield rec(
          'Unit',
          'MES',
          subStart,
          {
            serialNumber: sub,
            partNumber: s.part.partNumber,
            workOrderId: s.id,
            site: site.code,
            status: 'IN_PROCESS',
          },
          mes,
        );
        const completedAt = yield* build(s.part, sub, s.id, s.revision, site, subStart, i, story);
        yield consumption(
          sub,
          { lot: material.lotNumber },
          '10',
          s.part === housing ? 0.8 : 0.4,
          subStart + 2 * MINUTE,
          mes,
        );
        if (s.part === impeller) {
          // threadlocker comes in drums that last 6 000 impellers: a lot reaching far (recall scope)
          const drum = lotFor('TL-243', 'TL-', 6000, i, subStart, 'Henkel');
          if (drum.record) yield drum.record;
          yield consumption(sub, { lot: drum.lotNumber }, '10', 0.001, subStart + 3 * MINUTE, mes);
        }
        yield rec(
          'Unit',
          'MES',
          completedAt,
          {
            serialNumber: sub,
            partNumber: s.part.partNumber,
            workOrderId: s.id,
            site: site.code,
            status: 'COMPLETE',
            completedAt: time(completedAt),
          },
          mes,
        );
        components.push({ serial: sub, part: s.part });
      }
      const seals = lotFor('SK-10', 'SK-', 100, i, start, 'Freudenberg');
      const fasteners = lotFor('FST-M6', 'FST-', 250, i, start, 'Würth');
      for (const l of [seals, fasteners]) if (l.record) yield l.record;
      for (const c of components) {
        yield consumption(serial, { serial: c.serial }, '10', 1, start + 5 * MINUTE, mes);
      }
      for (const l of [seals, fasteners]) {
        yield consumption(
          serial,
          { lot: l.lotNumber },
          '20',
          1,
          start + OP_SPACING + 5 * MINUTE,
          mes,
        );
      }
      // now and then a seal-kit lot turns out bad at assembly: a structured NCR naming the lot
      if (!story && (lots.get(seals.lotNumber) ?? 0) === 30 && rnd.chance(0.3)) {
        const raisedAt = start + OP_SPACING + 20 * MINUTE;
        const ncr = {
          id: `NCR-${pad(++ncrCount, 5)}`,
          raisedAt: time(raisedAt),
          status: 'OPEN',
          disposition: 'USE_AS_IS',
          description: `O-ring hardness at the low limit in seal lot ${seals.lotNumber}`,
          lotNumbers: [seals.lotNumber],
          operationExecutionId: `OE-${serial}-20`,
          drawingNumber: pump.drawing,
          drawingRevision: pumpRevision,
          requirementId: 'REQ-PA-2',
        };
        yield rec('Nonconformance', 'QMS', raisedAt, ncr, { ...qms, site: site.code });
        if (end - raisedAt > 0.04 * PERIOD)
          schedule(
            raisedAt + 7 * DAY,
            rec(
              'Nonconformance',
              'QMS',
              raisedAt + 7 * DAY,
              { ...ncr, status: 'CLOSED' },
              { ...qms, site: site.code },
            ),
          );
      }
      const completedAt = yield* build(pump, serial, orderId, pumpRevision, site, start, i, story);
      if (end - completedAt < 0.02 * PERIOD) continue; // still on the floor when the export was taken
      yield rec(
        'Unit',
        'MES',
        completedAt,
        {
          serialNumber: serial,
          partNumber: pump.partNumber,
          workOrderId: orderId,
          site: site.code,
          status: 'COMPLETE',
          completedAt: time(completedAt),
        },
        mes,
      );
      toShip.push({ serial, completedAt, orderId });
    }
    // each order's completed pumps ship together, two days after the last is done
    if (toShip.length > 0) {
      const shippedAt = Math.max(...toShip.map((u) => u.completedAt)) + 2 * DAY;
      if (shippedAt < end) {
        const id = `SHP-${pad(++shipmentCount, 5)}`;
        const customer = ['Aero Systems GmbH', 'Northwind Turbines', 'Helios Power'][
          shipmentCount % 3
        ] as string;
        yield rec(
          'Shipment',
          'ERP',
          shippedAt,
          { id, shippedAt: time(shippedAt), customer, serialNumbers: toShip.map((u) => u.serial) },
          erp,
        );
        for (const u of toShip) {
          yield rec(
            'Unit',
            'MES',
            shippedAt + HOUR,
            {
              serialNumber: u.serial,
              partNumber: pump.partNumber,
              workOrderId: u.orderId,
              site: site.code,
              status: 'SHIPPED',
              completedAt: time(u.completedAt),
            },
            mes,
          );
        }
        // a field failure on one shipped unit in fifty, raising an NCR after delivery
        for (const u of toShip) {
          if (!rnd.chance(0.02)) continue;
          const occurredAt = shippedAt + (10 + rnd.int(60)) * DAY;
          if (occurredAt >= end) continue;
          const ncrId = `NCR-${pad(++ncrCount, 5)}`;
          yield rec(
            'Nonconformance',
            'QMS',
            occurredAt + DAY,
            {
              id: ncrId,
              raisedAt: time(occurredAt + DAY),
              status: end - occurredAt > 0.05 * PERIOD ? 'DISPOSITIONED' : 'OPEN',
              disposition: 'REPAIR',
              description: `Field return: weep at shaft seal, ${u.serial}`,
              serialNumbers: [u.serial],
            },
            { ...qms, site: site.code },
          );
          yield rec(
            'FieldEvent',
            'MRO',
            occurredAt,
            {
              id: `FE-${ncrId}`,
              serialNumber: u.serial,
              occurredAt: time(occurredAt),
              type: 'RETURN',
              description: 'Customer return: coolant weep',
              nonconformanceId: ncrId,
            },
            { system: 'mro-maximo' },
          );
        }
      }
      toShip.length = 0;
    }
  }
  scheduled.sort((a, b) => a.at - b.at);
  for (const { at, record } of scheduled) if (at <= end) yield record;
}

/** The records as canonical JSON Lines. */
export function* demoLines(options: GenerateOptions): Generator<string> {
  for (const record of generateDemo(options)) yield JSON.stringify(record);
}
