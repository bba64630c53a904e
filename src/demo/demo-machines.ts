/**
 * The demo thread's machines, as the live plant (live-plant.ts) runs them: read off the records
 * generate.ts writes (Equipment, RoutingOperation, Unit, WorkOrder, WorkInstructionRevision), so
 * they cannot drift from it. Each machine serves one routing step of one part at one site; past
 * the demo's machines, more cells of the same operations can be added for benches.
 */
import { generateDemo } from './generate';

/** The units `threadgraph start` loads by default: the demo thread the live plant belongs to. */
export const DEMO_UNITS = 500;

/** A machine of the demo thread and the routing step it serves. */
export interface DemoMachine {
  readonly equipmentId: string;
  readonly name: string;
  readonly site: string;
  /** the site's MES (mes-plant-a), which records its operations */
  readonly mesSystem: string;
  readonly workCenter: string;
  readonly partNumber: string;
  /** the part's serial prefix (SN-, MH-, IMP-) */
  readonly serialPrefix: string;
  readonly opNumber: string;
  readonly workInstructionNumber: string | undefined;
  /** position of the operation in the part's routing, and the routing's length */
  readonly step: number;
  readonly steps: number;
  /** 0-based cell number among the machines of this operation at this site */
  readonly cell: number;
}

/** The demo thread as far as the live plant needs it. */
export interface DemoPlant {
  readonly units: number;
  readonly machines: readonly DemoMachine[];
  /** `${site}/${partNumber}` → the demo's latest work order for that part at that site */
  readonly workOrders: ReadonlyMap<string, string>;
  /** work instruction → its revisions, released at (epoch ms), ascending */
  readonly workInstructions: ReadonlyMap<
    string,
    readonly { readonly revision: string; readonly releasedAt: number }[]
  >;
}

const demoCache = new Map<number, DemoPlant>();

/**
 * The demo thread's machines, work orders and work-instruction revisions, read off its records
 * (the whole thread is generated once per `units`: about 0.3 s for 500, then cached).
 */
export function readDemoPlant(units = DEMO_UNITS): DemoPlant {
  const cached = demoCache.get(units);
  if (cached) return cached;
  const steps = new Map<string, { opNumber: string; name: string; wi?: string }[]>();
  const equipment: { id: string; name: string; site: string; system: string; type: string }[] = [];
  const prefixes = new Map<string, string>();
  const workOrders = new Map<string, string>();
  const revisions = new Map<string, Map<string, number>>();
  for (const r of generateDemo({ units, seed: 1 })) {
    const d = r.data;
    const text = (field: string) => {
      const value = d[field];
      return typeof value === 'string' ? value : '';
    };
    switch (r.kind) {
      case 'RoutingOperation': {
        const ops = steps.get(text('partNumber')) ?? [];
        if (!ops.some((o) => o.opNumber === text('opNumber'))) {
          ops.push({
            opNumber: text('opNumber'),
            name: text('name'),
            wi: text('workInstructionNumber') || undefined,
          });
        }
        steps.set(text('partNumber'), ops);
        break;
      }
      case 'Equipment':
        if (text('type') !== 'REWORK') {
          equipment.push({
            id: text('id'),
            name: text('name'),
            site: text('site'),
            system: r.system ?? '',
            type: text('type'),
          });
        }
        break;
      case 'Unit':
        if (!prefixes.has(text('partNumber'))) {
          prefixes.set(text('partNumber'), text('serialNumber').replace(/\d+$/, ''));
        }
        break;
      case 'WorkOrder': // in order of release: the last one seen is the latest
        workOrders.set(`${text('site')}/${text('partNumber')}`, text('id'));
        break;
      case 'WorkInstructionRevision': {
        // PLM's only: the thread also holds a QMS mark-up that is not a release (a governance case)
        if (r.source !== 'PLM' || !Number.isFinite(Date.parse(text('releasedAt')))) break;
        const doc = revisions.get(text('documentNumber')) ?? new Map<string, number>();
        doc.set(text('revision'), Date.parse(text('releasedAt')));
        revisions.set(text('documentNumber'), doc);
        break;
      }
    }
  }
  const machines: DemoMachine[] = [];
  for (const e of equipment) {
    const opName = e.name.replace(/ cell \d+$/, '');
    for (const [partNumber, ops] of steps) {
      const sorted = [...ops].sort((a, b) => Number(a.opNumber) - Number(b.opNumber));
      const step = sorted.findIndex((o) => o.name === opName);
      const op = sorted[step];
      if (op === undefined) continue;
      machines.push({
        equipmentId: e.id,
        name: e.name,
        site: e.site,
        mesSystem: e.system,
        workCenter: e.type,
        partNumber,
        serialPrefix: prefixes.get(partNumber) ?? `${partNumber}-`,
        opNumber: op.opNumber,
        workInstructionNumber: op.wi,
        step,
        steps: sorted.length,
        cell: Number(/(\d+)$/.exec(e.id)?.[1] ?? '1') - 1,
      });
    }
  }
  const workInstructions = new Map(
    [...revisions].map(([doc, revs]) => [
      doc,
      [...revs]
        .map(([revision, releasedAt]) => ({ revision, releasedAt }))
        .sort((a, b) => a.releasedAt - b.releasedAt),
    ]),
  );
  const plant: DemoPlant = { units, machines, workOrders, workInstructions };
  demoCache.set(units, plant);
  return plant;
}

/**
 * The first `count` machines: the demo's, then more cells of the same operations, numbered on as
 * a bigger demo thread would number them (A-CNC-IMP10-03, …), for benches that need many.
 */
export function plantMachines(demo: DemoPlant, count: number): DemoMachine[] {
  const machines = demo.machines.slice(0, count);
  const groups: DemoMachine[] = []; // the first cell of each operation at each site
  const cells = new Map<string, number>();
  for (const m of demo.machines) {
    const group = `${m.site}/${m.partNumber}/${m.opNumber}`;
    if (!cells.has(group)) groups.push(m);
    cells.set(group, Math.max(cells.get(group) ?? 0, m.cell + 1));
  }
  for (let round = 0; machines.length < count && groups.length > 0; round++) {
    for (const g of groups) {
      if (machines.length >= count) break;
      const cell = (cells.get(`${g.site}/${g.partNumber}/${g.opNumber}`) ?? 0) + round;
      const number = String(cell + 1).padStart(2, '0');
      machines.push({
        ...g,
        equipmentId: g.equipmentId.replace(/\d+$/, number),
        name: g.name.replace(/ cell \d+$/, ` cell ${cell + 1}`),
        cell,
      });
    }
  }
  return machines;
}

/** The revision of a work instruction current at `at` (epoch ms): the latest released by then. */
export function workInstructionAt(demo: DemoPlant, wi: string, at: number): string | undefined {
  let current: string | undefined;
  for (const r of demo.workInstructions.get(wi) ?? []) if (r.releasedAt <= at) current = r.revision;
  return current;
}
