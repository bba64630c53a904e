/**
 * What each site-CSV sample (and the demo sites' example exports) yields through its profile,
 * worked out by hand from shared/samples/site-csv/PROVENANCE.md and the fixtures: records by kind
 * as the parser emits them (before governance), refusals, and keys. The integration test imports
 * each through the queue and checks the same.
 */
import type { Expectation } from './expectation';

const SDE = 'site-csv/tractusx-sde-csv';

export const EXPECTED: Expectation[] = [
  {
    file: `${SDE}/serialPartTypization.csv`,
    format: 'csv',
    options: { profile: 'tractusx-sde-serial-part' },
    records: { Unit: 6 },
    refused: 0,
    keys: [
      'NO-159040131155901488695376',
      'NO-628797496367807957077265',
      'NO-624546268167012592194637',
      'NO-679033572320049836536380',
      'NO-330953226933311026148593',
      'NO-675561205246441889324847',
    ].map((key) => ({ kind: 'Unit', key })),
  },
  {
    file: `${SDE}/batch.csv`,
    format: 'csv',
    options: { profile: 'tractusx-sde-batch' },
    records: { Lot: 1 },
    refused: 0,
    keys: [{ kind: 'Lot', key: 'BIDNO345678' }],
  },
  {
    file: `${SDE}/assemblyPartRelationship.csv`,
    format: 'csv',
    options: { profile: 'tractusx-sde-assembly-part-relationship' },
    records: { Consumption: 2 },
    refused: 0,
    keys: [
      { kind: 'Consumption', key: 'NO-159040131155901488695555/NO-056604022229087145032390' },
      { kind: 'Consumption', key: 'NO-628797496367807957077777/NO-565359302028822441908953' },
    ],
  },
  {
    file: `${SDE}/singleLevelUsageAsBuilt.csv`,
    format: 'csv',
    options: { profile: 'tractusx-sde-usage-as-built' },
    records: { Consumption: 1 },
    refused: 0,
    keys: [{ kind: 'Consumption', key: 'NO-159040131155901488695376/NO-056604022229087145032390' }],
  },
  {
    file: `${SDE}/partAsPlanned.csv`,
    format: 'csv',
    options: { profile: 'tractusx-sde-part-as-planned' },
    records: { Part: 2 },
    refused: 0,
    keys: [
      { kind: 'Part', key: 'ZX-07' },
      { kind: 'Part', key: 'ZX-06' },
    ],
  },
  {
    file: `${SDE}/SingleLevelBoMAsPlanned.csv`,
    format: 'csv',
    options: { profile: 'tractusx-sde-bom-as-planned' },
    records: {},
    refused: 2,
  },
  {
    file: 'test/fixtures/csv/plant-a-inspection.csv',
    format: 'csv',
    options: { profile: 'plant-a-inspection' },
    records: { InspectionResult: 5 },
    refused: 0,
    keys: [
      'IR-SN-0047-40-FLOW',
      'IR-SN-0047-50-BORE',
      'IR-SN-0047-50-MARK',
      'IR-SN-0048-30-LEAK',
      'IR-SN-0049-40-FLOW',
    ].map((key) => ({ kind: 'InspectionResult', key })),
  },
  {
    file: 'test/fixtures/csv/plant-b-genealogy.csv',
    format: 'csv',
    options: { profile: 'plant-b-genealogy' },
    records: { Unit: 2, Consumption: 2 },
    refused: 0,
    keys: [
      { kind: 'Unit', key: 'SN-0011' },
      { kind: 'Unit', key: 'SN-0012' },
      { kind: 'Consumption', key: 'SN-0011/MH-00011' },
      { kind: 'Consumption', key: 'SN-0011/SK-0001' },
    ],
  },
];
