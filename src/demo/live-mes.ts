/**
 * The MES side of the live plant (live-plant.ts): the operations its machines completed in a time
 * window, as the canonical records a site's MES would send — in the shape generate.ts writes, so
 * `threadgraph start` can post them as it posts the demo thread. Serials are new (SN-LA…), their
 * work orders and work-instruction revisions the demo's, so the chain joins up.
 */
import { workInstructionAt } from './demo-machines';
import type { DemoRecord } from './generate';
import type { LiveMachine, LivePlant } from './live-plant';
import { operationOf, operationRan, PLANT_EPOCH } from './live-plant';

/**
 * The MES side of the operations completed in [from, to) (epoch ms), in order of completion, as
 * canonical records in the shape generate.ts writes: each OperationExecution, preceded by the
 * Unit record of a serial's first operation here (IN_PROCESS) and followed by one when its
 * routing's last operation completes (COMPLETE).
 */
export function* liveMesRecords(plant: LivePlant, from: number, to: number): Generator<DemoRecord> {
  const firstStep = new Map<number, number>(); // line → the lowest routing step simulated
  for (const m of plant.machines) {
    firstStep.set(m.line, Math.min(firstStep.get(m.line) ?? Infinity, m.step));
  }
  const done: { at: number; index: number; records: DemoRecord[] }[] = [];
  plant.machines.forEach((m, index) => {
    const base = PLANT_EPOCH + m.offsetMs + plant.operationMs;
    const first = Math.ceil((from - base) / plant.cycleMs);
    for (let cycle = first; base + cycle * plant.cycleMs < to; cycle++) {
      const op = operationOf(plant, m, cycle);
      if (!operationRan(plant, m, op)) continue;
      const envelope = { system: m.mesSystem, site: m.site };
      const unit = (status: string, at: number) => ({
        kind: 'Unit',
        source: 'MES',
        ...envelope,
        recordedAt: iso(at),
        data: {
          serialNumber: op.serialNumber,
          partNumber: m.partNumber,
          ...(op.workOrderId ? { workOrderId: op.workOrderId } : {}),
          site: m.site,
          status,
          ...(status === 'COMPLETE' ? { completedAt: iso(at) } : {}),
        },
      });
      const wi = m.workInstructionNumber;
      const revision =
        wi === undefined ? undefined : workInstructionAt(plant.demo, wi, op.startedAt);
      const execution: DemoRecord = {
        kind: 'OperationExecution',
        source: 'MES',
        ...envelope,
        recordedAt: iso(op.endsAt),
        data: {
          id: op.id,
          serialNumber: op.serialNumber,
          ...(op.workOrderId ? { workOrderId: op.workOrderId } : {}),
          opNumber: m.opNumber,
          ...(wi !== undefined && revision !== undefined
            ? { workInstructionNumber: wi, workInstructionRevision: revision }
            : {}),
          equipmentId: m.equipmentId,
          operatorId: operator(m, cycle),
          startedAt: iso(op.startedAt),
          completedAt: iso(op.endsAt),
          status: 'COMPLETED',
          rework: false,
        },
      };
      const records: DemoRecord[] = [];
      if (m.step === firstStep.get(m.line)) records.push(unit('IN_PROCESS', op.startedAt));
      records.push(execution);
      if (m.step === m.steps - 1) records.push(unit('COMPLETE', op.endsAt));
      done.push({ at: op.endsAt, index, records });
    }
  });
  done.sort((a, b) => a.at - b.at || a.index - b.index);
  for (const d of done) yield* d.records;
}

/** One of the site's 12 operators (OP-A-01 …), in turn. */
function operator(m: LiveMachine, cycle: number): string {
  return `OP-${m.site.slice(-1)}-${String(((m.line + cycle) % 12) + 1).padStart(2, '0')}`;
}

/** ISO-8601 in UTC, without a fraction when there is none (as generate.ts writes times). */
function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
