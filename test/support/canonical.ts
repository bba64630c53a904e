/** Canonical JSON Lines for tests: records as the contract writes them, into temporary files. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LineOptions {
  readonly system?: string;
  readonly site?: string;
}

const AUTHORITY: Record<string, string> = {
  Site: 'ERP',
  Requirement: 'ALM',
  Part: 'PLM',
  PartRevision: 'PLM',
  DrawingRevision: 'PLM',
  BomLine: 'PLM',
  ChangeOrder: 'PLM',
  RoutingOperation: 'PLM',
  WorkInstructionRevision: 'PLM',
  InspectionPlanRevision: 'QMS',
  WorkOrder: 'ERP',
  Lot: 'ERP',
  Shipment: 'ERP',
  Unit: 'MES',
  OperationExecution: 'MES',
  Consumption: 'MES',
  Equipment: 'MES',
  Operator: 'MES',
  InspectionResult: 'QMS',
  Nonconformance: 'QMS',
  Capa: 'QMS',
  Reading: 'OT',
  FieldEvent: 'MRO',
};

/** A canonical line from the kind's authoritative source (written out here, by hand, on purpose). */
export function line(
  kind: string,
  data: Record<string, unknown>,
  recordedAt = '2026-01-01T00:00:00Z',
  options: LineOptions & { source?: string } = {},
): string {
  const { source = AUTHORITY[kind] ?? 'MES', ...envelope } = options;
  return JSON.stringify({ kind, source, ...envelope, recordedAt, data });
}

export function writeLines(lines: readonly string[], name = 'records.jsonl'): string {
  const file = join(mkdtempSync(join(tmpdir(), 'threadgraph-test-')), name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}
