/**
 * What each Trace-X as-built import sample yields, worked out by hand from
 * shared/samples/site-csv/PROVENANCE.md (section B) and importers/catenax/MAPPING.md: records by
 * kind as the parser emits them (before governance), refusals, and keys. The integration test
 * imports each through the queue and checks the same.
 */
import type { Expectation } from './expectation';

const DIR = 'site-csv/tractusx-tracex-import-json';

export const EXPECTED: Expectation[] = [
  {
    file: `${DIR}/import-test-data-2BR4_v1.0.1.json`,
    format: 'catenax',
    // 10 SerialPart → Unit; 8 PartAsPlanned → Part; 5 BOM child items + 6 usage parent items →
    // Consumption. Refused: 5 Batch (two batch ids each given for several part numbers, rule 4),
    // 5 as-planned BOM items (rule 8), 1 JustInSequencePart without a SerialPart (rule 6).
    records: { Unit: 10, Part: 8, Consumption: 11 },
    refused: 11,
    keys: [
      { kind: 'Unit', key: 'OMAOYGBDTSRCMYSCX' },
      { kind: 'Unit', key: 'NO-493575190274381019348907' },
      { kind: 'Unit', key: 'NO-570196089623842018037372' },
      { kind: 'Unit', key: 'NO-200738629800530338038454' },
      { kind: 'Part', key: '9649571-63' },
      { kind: 'Part', key: '6004474-20' },
      // resolved inside the file: HV module → sealant batch, vehicle → HV module
      { kind: 'Consumption', key: 'NO-570196089623842018037372/BID12345678' },
      { kind: 'Consumption', key: 'OMAOYGBDTSRCMYSCX/NO-570196089623842018037372' },
      // a partner's twin known only by catenaXId: keyed by it
      {
        kind: 'Consumption',
        key: 'OMAOYGBDTSRCMYSCX/urn:uuid:7eeeac86-7b69-444d-81e6-655d0f1513bd',
      },
    ],
  },
  {
    file: `${DIR}/invalidImportFileBadStructure.json`,
    format: 'catenax',
    records: {},
    refused: 1,
  },
];
