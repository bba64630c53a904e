/**
 * B2MML parse rate: `generate` writes a realistic V0600 SyncOperationsPerformance of a given
 * number of records (streamed, so a 1 GB file is possible: each segment response yields an
 * OperationExecution, a Unit and two Consumptions), `bench` parses a file and counts.
 *
 * Run by `npm run bench:formats` (run.ts; `BENCH_FORMATS=b2mml` for this one alone).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseB2mml } from '../../../importers/b2mml';
import type { Measured } from './measure';
import { measure } from './measure';

/** Records yielded per segment response: execution, unit, two consumptions. */
const PER_SEGMENT = 4;

export async function generate(path: string, records: number): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`<?xml version="1.0" encoding="UTF-8"?>
<SyncOperationsPerformance xmlns="http://www.mesa.org/xml/B2MML-V0600" releaseID="V0600">
  <ApplicationArea>
    <Sender><LogicalID>mes-bench</LogicalID></Sender>
    <CreationDateTime>2026-03-04T17:30:00+01:00</CreationDateTime>
  </ApplicationArea>
  <DataArea>
    <Sync/>
    <OperationsPerformance>
      <ID>PERF-BENCH</ID>
      <HierarchyScope><EquipmentID>PLANT-A</EquipmentID><EquipmentElementLevel>Site</EquipmentElementLevel></HierarchyScope>
`);
  const segments = Math.ceil(records / PER_SEGMENT);
  const perResponse = 5;
  const base = Date.UTC(2026, 0, 1, 6);
  for (let i = 0; i < segments; i += 1) {
    const unit = Math.floor(i / perResponse);
    if (i % perResponse === 0) {
      if (i > 0) await write('      </OperationsResponse>\n');
      await write(
        `      <OperationsResponse>\n        <ID>RESP-${unit}</ID>\n        <OperationsRequestID>WO-${Math.floor(unit / 50)}</OperationsRequestID>\n`,
      );
    }
    const op = ((i % perResponse) + 1) * 10;
    const start = new Date(base + i * 600_000).toISOString().replace('.000Z', '+00:00');
    const end = new Date(base + i * 600_000 + 540_000).toISOString().replace('.000Z', '+00:00');
    await write(`        <SegmentResponse>
          <ID>OP-${op}</ID>
          <ProcessSegmentID>${op}</ProcessSegmentID>
          <ActualStartTime>${start}</ActualStartTime>
          <ActualEndTime>${end}</ActualEndTime>
          <SegmentState>Completed</SegmentState>
          <PersonnelActual><PersonID>op-${i % 37}</PersonID></PersonnelActual>
          <EquipmentActual><EquipmentID>CELL-${i % 12}</EquipmentID></EquipmentActual>
          <MaterialActual>
            <MaterialDefinitionID>HX-100</MaterialDefinitionID>
            <MaterialSubLotID>SN-${String(unit).padStart(8, '0')}</MaterialSubLotID>
            <MaterialUse>Produced</MaterialUse>
            <Quantity><QuantityString>1</QuantityString><DataType>integer</DataType><UnitOfMeasure>EA</UnitOfMeasure></Quantity>
          </MaterialActual>
          <MaterialActual>
            <MaterialDefinitionID>BRAZE-PASTE-4</MaterialDefinitionID>
            <MaterialLotID>L-${i % 997}</MaterialLotID>
            <MaterialUse>Consumed</MaterialUse>
            <Quantity><QuantityString>0.${(i % 9) + 1}5</QuantityString><DataType>decimal</DataType><UnitOfMeasure>KG</UnitOfMeasure></Quantity>
          </MaterialActual>
          <MaterialActual>
            <MaterialDefinitionID>FASTENER-M6</MaterialDefinitionID>
            <MaterialLotID>F-${i % 113}</MaterialLotID>
            <MaterialUse>Consumed</MaterialUse>
            <Quantity><QuantityString>${(i % 8) + 4}</QuantityString><DataType>integer</DataType><UnitOfMeasure>EA</UnitOfMeasure></Quantity>
          </MaterialActual>
        </SegmentResponse>
`);
  }
  if (segments > 0) await write('      </OperationsResponse>\n');
  await write('    </OperationsPerformance>\n  </DataArea>\n</SyncOperationsPerformance>\n');
  out.end();
  await once(out, 'finish');
}

/** The parser alone over the file (`npm run bench:formats`, run.ts, drives it). */
export function bench(path: string): Promise<Measured> {
  return measure(parseB2mml(path));
}
