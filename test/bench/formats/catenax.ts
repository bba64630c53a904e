/**
 * Catena-X as-built JSON bench: `generate` writes a Trace-X import file of `records` records
 * (vehicles with a SerialPart and a BOM of 3 children — half in the file, half a partner's — and
 * batches), streaming, so a 1 GB file is possible; `bench` parses it (both passes) and reports
 * records per second.
 * Run by `npm run bench:formats` (run.ts; `BENCH_FORMATS=catenax` for this one alone).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseCatenax } from '../../../importers/catenax';
import type { Measured } from './measure';
import { measure } from './measure';

const uuid = (n: number) => `urn:uuid:00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

function serialAsset(i: number, children: number[]): string {
  const id = uuid(i);
  const sm = [
    {
      aspectType: 'urn:samm:io.catenax.serial_part:3.0.0#SerialPart',
      payload: {
        localIdentifiers: [
          { value: 'BPNL000000002BR4', key: 'manufacturerId' },
          { value: `NO-${String(i).padStart(24, '0')}`, key: 'partInstanceId' },
        ],
        manufacturingInformation: { date: '2022-02-04T14:48:54.000Z', country: 'DEU' },
        catenaXId: id,
        partTypeInformation: {
          manufacturerPartId: `${1000000 + (i % 997)}-05`,
          nameAtManufacturer: 'Sensor',
        },
      },
    },
  ];
  if (children.length > 0) {
    sm.push({
      aspectType: 'urn:samm:io.catenax.single_level_bom_as_built:3.0.0#SingleLevelBomAsBuilt',
      payload: {
        catenaXId: id,
        childItems: children.map((c) => ({
          quantity: { value: 1, unit: 'unit:piece' },
          hasAlternatives: false,
          createdOn: '2022-02-03T14:48:54.709Z',
          lastModifiedOn: '2022-02-03T14:48:54.709Z',
          catenaXId: uuid(c),
          businessPartner: 'BPNL000000002CS4',
        })),
      },
    } as never);
  }
  return JSON.stringify(
    { assetMetaInfo: { catenaXId: id, digitalTwinType: 'partInstance' }, submodels: sm },
    null,
    2,
  );
}

/** Writes about `records` records: each parent asset yields 1 Unit + 3 Consumptions, each child 1 Unit. */
export async function generate(path: string, records: number): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('{\n  "assets" : [\n');
  let made = 0;
  let i = 0;
  let first = true;
  while (made < records) {
    const parent = i;
    // children: two in the file (the next assets), one a partner's twin outside it
    const kids = [i + 1, i + 2, 10_000_000_000 + i];
    const text = [serialAsset(parent, kids), serialAsset(i + 1, []), serialAsset(i + 2, [])].join(
      ',\n',
    );
    await write(`${first ? '' : ',\n'}${text}`);
    first = false;
    made += 1 + 3 + 2;
    i += 3;
  }
  await write('\n  ]\n}\n');
  out.end();
  await once(out, 'finish');
}

/** The parser alone over the file (`npm run bench:formats`, run.ts, drives it). */
export function bench(path: string): Promise<Measured> {
  return measure(parseCatenax(path));
}
