/**
 * What each B2MML sample (../shared/samples/b2mml) yields, worked out by hand from its
 * PROVENANCE.md and importers/b2mml/MAPPING.md: records per kind as they leave the parser (before
 * the authority rule), refusals, and keys. The unit tests check it against the parser, the
 * integration test against the graph.
 */
import type { Expectation } from './expectation';

const PHASE = 'BX10|Procedure-01|Parallel Phases|Operation-01|';

export const EXPECTED: Expectation[] = [
  {
    file: 'b2mml/mesa-courbon-v0401/MAT-20121210170256-CRBN0001.xml',
    format: 'b2mml',
    // source ERP: a governance violation on import (Part's authority is PLM)
    records: { Part: 1 },
    refused: 0,
    keys: [{ kind: 'Part', key: 'CRBN0001' }],
  },
  {
    file: 'b2mml/mesa-courbon-v0401/LOT-20121210170718-0001L0001.xml',
    format: 'b2mml',
    records: { Lot: 1 },
    refused: 0,
    keys: [{ kind: 'Lot', key: 'CRBN0001_LOT01' }],
  },
  {
    file: 'b2mml/mesa-courbon-v0401/INV-20121210175555-0001L0001_01.xml',
    format: 'b2mml',
    // the sublot as a Lot of its own (parentLotNumber CRBN0001_LOT01); the wrapping lot yields none
    records: { Lot: 1 },
    refused: 0,
    keys: [{ kind: 'Lot', key: 'CRBN0001_LOT01_01' }],
  },
  {
    file: 'b2mml/mesa-courbon-v0401/PRO-20121210181416-27942.xml',
    format: 'b2mml',
    records: { WorkOrder: 1 },
    refused: 0,
    keys: [{ kind: 'WorkOrder', key: '258456' }],
  },
  {
    file: 'b2mml/mesa-courbon-v0401/PES-20121229115825-53107.xml',
    format: 'b2mml',
    // the consumption of CRBN0001_LOT01 has no produced unit or lot to be its parent: refused
    records: { OperationExecution: 1 },
    refused: 1,
    keys: [{ kind: 'OperationExecution', key: '53107/Weighing' }],
  },
  {
    file: 'b2mml/mesa-batchml-v0401-rockwell/ProductionBatchRecord_Example_v06.xml',
    format: 'b2mml',
    // all the MES's: Lot, WorkOrder and Nonconformance are governance violations on import
    records: { OperationExecution: 12, Lot: 1, WorkOrder: 1, Nonconformance: 3 },
    refused: 0,
    keys: [
      ...[
        'LIB-PH-PAVStr-01',
        'LIB-PH-PAVStrWException-01',
        'LIB-PH-PAVStr-02',
        'LIB-PH-PAVStr-03',
        'LIB-PH-PAVStr-04',
        'LIB-PH-PAVStr-05',
        'LIB-PH-PAVStr-06',
        'LIB-PH-PAVStrWException-01[2]',
        'LIB-PH-PAVStr-02[2]',
        'LIB-PH-PAVStr-03[2]',
        'LIB-PH-PAVStr-04[2]',
        'LIB-PH-PAVStr-05[2]',
      ].map((p) => ({ kind: 'OperationExecution' as const, key: PHASE + p })),
      { kind: 'Lot', key: 'BX10' },
      { kind: 'WorkOrder', key: '15631837' },
      { kind: 'Nonconformance', key: '0124|Exception' },
      { kind: 'Nonconformance', key: '0125|Exception' },
      { kind: 'Nonconformance', key: '0126|Exception' },
    ],
  },
  {
    file: 'b2mml/amplab2mml-v0600/sample_b2mml_expected.xml',
    format: 'b2mml',
    records: { Equipment: 8 },
    refused: 0,
    keys: [
      'AcmeMining',
      'AcmeMining.NorthMine',
      'AcmeMining.NorthMine.CrusherPlant',
      'AcmeMining.NorthMine.ConveyorLoop',
      'AcmeMining.NorthMine.WasteStorage',
      'AcmeMining.SouthMine',
      'AcmeMining.SouthMine.ProcessPlant',
      'AcmeMining.Applications',
    ].map((key) => ({ kind: 'Equipment' as const, key })),
  },
];
