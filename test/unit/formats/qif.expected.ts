/**
 * What each QIF sample yields through parseQif (records counted as they leave the parser, before
 * governance), worked out by hand in ../shared/samples/qif/PROVENANCE.md and importers/qif/
 * MAPPING.md: one InspectionResult per measurement element, per serial; one
 * InspectionPlanRevision per plan document. The lead's integration test imports each through the
 * queue and checks the same counts and keys.
 */
import type { Expectation } from './expectation';

const SHEET_PLAN = 'e33a5a5b-b9e7-47c6-b548-a1ec71c72d02/11378ccd-e0e1-42bd-8f27-6e803ea8b6d0';
/** MeasurementResults 199 (SN5802801) and 504 (SN5802806) of the sheet-metal results */
const SN1 = '0f00c17e-2877-40f9-aa4f-ee175fbd76b0:SN5802801';
const SN6 = 'a682405e-0f9f-4378-a070-0ca12de3313e:SN5802806';
const EXPLODED_PLAN = '6558f196-d952-4b80-8054-0a0756d60526';
const RESULTS1 = 'c88aaecb-1345-45ca-8946-7aaadb6c0336';
const RESULTS2 = 'af259e3e-6a5e-41af-8131-8bc3130881c9';
const WIDGET = '7b31d53b-b557-4f5d-8a95-660b0df83c55/MeasurementResults 217';
const MISC = '8521ff0f-4c05-4f13-a2be-1386190f75a6';

const result = (key: string) => ({ kind: 'InspectionResult' as const, key });
const plan = (key: string) => ({ kind: 'InspectionPlanRevision' as const, key });

export const EXPECTED: readonly Expectation[] = [
  {
    // 6 serials × 38 measurement elements (17 point profiles twice, 4 positions once)
    file: 'qif/sheet-metal/SheetMetal_QIF_Results_6_samples_w_UUIDs.QIF',
    format: 'qif',
    options: { plan: 'sheetMetalPlanWithUUIDs.QIF' },
    records: { InspectionResult: 228 },
    refused: 0,
    keys: [
      result(`${SN1}:W1RFTMRA02V`),
      result(`${SN1}:W1RFTMRA02V#2`),
      result(`${SN1}:W1RXXMRA22P`),
      result(`${SN6}:W1RISMRA07V`),
      result(`${SN6}:W1RXXMRA21P`),
    ],
  },
  {
    file: 'qif/sheet-metal/sheetMetalPlanWithUUIDs.QIF',
    format: 'qif',
    records: { InspectionPlanRevision: 1 },
    refused: 0,
    keys: [plan(SHEET_PLAN)],
  },
  {
    // no serial number: the results are kept without one (option requireSerial refuses them)
    file: 'qif/widget/WIDGET_QIF_RESULTS.QIF',
    format: 'qif',
    records: { InspectionResult: 42 },
    refused: 0,
    keys: [result(`${WIDGET}::113`), result(`${WIDGET}::6#2`), result(`${WIDGET}::19`)],
  },
  {
    file: 'qif/widget/WIDGET_QIF_PLAN.QIF',
    format: 'qif',
    records: { InspectionPlanRevision: 1 },
    refused: 0,
    keys: [plan('5cd22692-9940-4276-a080-ec81a7d0e14c/5cd22692-9940-4276-a080-ec81a7d0e14c')],
  },
  {
    file: 'qif/external-refs/All-in-one.QIF',
    format: 'qif',
    records: { InspectionPlanRevision: 1, InspectionResult: 4 },
    refused: 0,
    keys: [
      plan('dc5103a5-75da-4fc9-b5cf-ecf0f7eed9fd/dc5103a5-75da-4fc9-b5cf-ecf0f7eed9fd'),
      result(`${RESULTS1}::SphericalDiameter1`),
      result(`${RESULTS2}::Sphericity1`),
    ],
  },
  {
    file: 'qif/external-refs/Exploded_Plan.QIF',
    format: 'qif',
    records: { InspectionPlanRevision: 1 },
    refused: 0,
    keys: [plan(`${EXPLODED_PLAN}/${EXPLODED_PLAN}`)],
  },
  {
    file: 'qif/external-refs/Exploded_Results1.QIF',
    format: 'qif',
    records: { InspectionResult: 2 },
    refused: 0,
    keys: [result(`${RESULTS1}::SphericalDiameter1`), result(`${RESULTS1}::Sphericity1`)],
  },
  {
    file: 'qif/external-refs/Exploded_Results2.QIF',
    format: 'qif',
    records: { InspectionResult: 2 },
    refused: 0,
    keys: [result(`${RESULTS2}::SphericalDiameter1`), result(`${RESULTS2}::Sphericity1`)],
  },
  {
    // a serial number, a unit-level PASS, and no characteristic: nothing to record
    file: 'qif/misc/mitutoyo_results_serialized_pass_fail_sample.QIF',
    format: 'qif',
    records: {},
    refused: 0,
  },
  {
    file: 'qif/misc/QIF_Results_Sample.QIF',
    format: 'qif',
    records: { InspectionResult: 13 },
    refused: 0,
    keys: [result(`${MISC}::1`), result(`${MISC}::-NONE-`), result(`${MISC}::5#2`)],
  },
  {
    file: 'qif/legacy-qif2/qif-2.0_mitutoyo_results_serialized_pass_fail_sample.QIF',
    format: 'qif',
    records: {},
    refused: 1,
  },
  {
    file: 'qif/legacy-qif2/qif-2.1_QIF_Results_Sample.QIF',
    format: 'qif',
    records: {},
    refused: 1,
  },
];
