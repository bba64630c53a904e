/**
 * QIF parse rate: a generated QIF 3 results file — one plan's worth of characteristics (50 items
 * with definitions and nominals), then one MeasurementResults per serial with a measurement per
 * characteristic, the serials after them in ActualComponentSets as CheckMate writes them — parsed
 * by parseQif alone (no Neo4j). `generate` streams, so a 1 GB file is possible.
 *
 * Run by `npm run bench:formats` (run.ts; `BENCH_FORMATS=qif` for this one alone).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseQif } from '../../../importers/qif';
import type { Measured } from './measure';
import { measure } from './measure';

const CHARACTERISTICS = 50;

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const uuid = (kind: number, n: number) =>
  `${hex(kind, 8)}-0000-4000-8000-${hex(n, 12)}`.toUpperCase();

export async function generate(path: string, records: number): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const serials = Math.max(1, Math.ceil(records / CHARACTERISTICS));
  await write(`<?xml version="1.0" encoding="UTF-8"?>
<QIFDocument xmlns="http://qifstandards.org/xsd/qif3" versionQIF="3.0.0">
  <QPId>${uuid(1, 1)}</QPId>
  <Version><TimeCreated>2026-01-10T08:00:00</TimeCreated></Version>
  <Header><Application><Name>Bench CMM</Name><AddonName>bench 1.0</AddonName></Application></Header>
  <FileUnits><PrimaryUnits><LinearUnit><SIUnitName>meter</SIUnitName><UnitName>mm</UnitName></LinearUnit></PrimaryUnits></FileUnits>
  <Characteristics>
    <CharacteristicDefinitions n="${CHARACTERISTICS}">
`);
  // ids: definition c, nominal 1000+c, item 2000+c; measurements and results from 10 000
  for (let c = 1; c <= CHARACTERISTICS; c += 1) {
    await write(
      `      <DiameterCharacteristicDefinition id="${c}"><Tolerance><MaxValue>0.05</MaxValue><MinValue>-0.05</MinValue><DefinedAsLimit>false</DefinedAsLimit></Tolerance></DiameterCharacteristicDefinition>\n`,
    );
  }
  await write(
    `    </CharacteristicDefinitions>\n    <CharacteristicNominals n="${CHARACTERISTICS}">\n`,
  );
  for (let c = 1; c <= CHARACTERISTICS; c += 1) {
    await write(
      `      <DiameterCharacteristicNominal id="${1000 + c}"><CharacteristicDefinitionId>${c}</CharacteristicDefinitionId><TargetValue>${10 + c}</TargetValue></DiameterCharacteristicNominal>\n`,
    );
  }
  await write(`    </CharacteristicNominals>\n    <CharacteristicItems n="${CHARACTERISTICS}">\n`);
  for (let c = 1; c <= CHARACTERISTICS; c += 1) {
    await write(
      `      <DiameterCharacteristicItem id="${2000 + c}"><Name>${c}</Name><CharacteristicDesignator><Designator>${c}</Designator><UUID>${uuid(2, c)}</UUID></CharacteristicDesignator><CharacteristicNominalId>${1000 + c}</CharacteristicNominalId></DiameterCharacteristicItem>\n`,
    );
  }
  await write(
    `    </CharacteristicItems>\n  </Characteristics>\n  <Results>\n    <MeasurementResultsSet n="${serials}">\n`,
  );
  let id = 10_000;
  let left = records;
  for (let s = 1; s <= serials; s += 1) {
    const mr = (id += 1);
    const n = Math.min(CHARACTERISTICS, left);
    left -= n;
    let body = `      <MeasurementResults id="${mr}">\n        <ThisResultsInstanceQPId>${uuid(3, s)}</ThisResultsInstanceQPId>\n        <MeasuredCharacteristics><CharacteristicMeasurements n="${n}">\n`;
    for (let c = 1; c <= n; c += 1) {
      const deviation = (((s * 7919 + c * 104729) % 1000) - 500) / 8000;
      const status = Math.abs(deviation) > 0.05 ? 'FAIL' : 'PASS';
      body += `          <DiameterCharacteristicMeasurement id="${(id += 1)}"><Status><CharacteristicStatusEnum>${status}</CharacteristicStatusEnum></Status><CharacteristicItemId>${2000 + c}</CharacteristicItemId><Value>${(10 + c + deviation).toFixed(4)}</Value></DiameterCharacteristicMeasurement>\n`;
    }
    body += `        </CharacteristicMeasurements></MeasuredCharacteristics>\n        <ActualComponentIds n="1"><Id>${5_000_000_000 + s}</Id></ActualComponentIds>\n      </MeasurementResults>\n`;
    await write(body);
  }
  await write(`    </MeasurementResultsSet>\n    <ActualComponentSets n="${serials}">\n`);
  for (let s = 1; s <= serials; s += 1) {
    await write(
      `      <ActualComponentSet n="1"><ActualComponent id="${5_000_000_000 + s}"><SerialNumber>SN-${String(s).padStart(8, '0')}</SerialNumber></ActualComponent></ActualComponentSet>\n`,
    );
  }
  await write(
    `    </ActualComponentSets>\n    <InspectionTraceability><ReportPreparationDate>2026-01-10T08:00:00</ReportPreparationDate></InspectionTraceability>\n  </Results>\n</QIFDocument>\n`,
  );
  out.end();
  await once(out, 'finish');
}

/** The parser alone over the file (`npm run bench:formats`, run.ts, drives it). */
export function bench(path: string): Promise<Measured> {
  return measure(parseQif(path));
}
