/**
 * What each ReqIF sample yields, for the lead's integration test (import through the real queue
 * into Neo4j): Requirement records and refusals as they come out of the parser (before
 * governance), some keys, and the options given. Worked out in ../shared/samples/reqif/PROVENANCE.md
 * and checked by reqif-samples.test.ts.
 */
import type { Expectation } from './expectation';

const req = (...ids: string[]) => ids.map((key) => ({ kind: 'Requirement' as const, key }));

export const EXPECTED: Expectation[] = [
  {
    file: 'reqif/fmstudio-pror_traceability-template-v1.0.reqif',
    format: 'reqif',
    records: { Requirement: 21 },
    refused: 0,
    keys: req('_o7scQ6dbEeafNduaIhMwQg', '_bpmP0KdiEeafNduaIhMwQg', '_niFdkKdeEeafNduaIhMwQg'),
  },
  {
    // the same file keyed by the visible ids
    file: 'reqif/fmstudio-pror_traceability-template-v1.0.reqif',
    format: 'reqif',
    records: { Requirement: 21 },
    refused: 0,
    keys: req(...Array.from({ length: 21 }, (_, i) => `REQ-${i + 1}`)),
    options: { id: 'foreign-id' },
  },
  {
    file: 'reqif/polarion_anonymized-srs.reqif',
    format: 'reqif',
    records: { Requirement: 101 },
    refused: 0,
    keys: req(
      'rmf-338b7540-a86b-4746-a317-696ff1335b5d',
      'rmf-b801363a-491b-4fe5-94ab-0649d7397cfe',
    ),
  },
  {
    // + 1 placeholder: the hierarchy node of the missing _B9RbAGunEeuNUYnTveUm8Q is refused (R6)
    file: 'reqif/reqif-studio_anonymized.reqif',
    format: 'reqif',
    records: { Requirement: 137 },
    refused: 1,
  },
  {
    // times without a zone: without the timezone option all 4 are refused (R4)
    file: 'reqif/doors9_spielwiese.reqifz',
    format: 'reqif',
    records: { Requirement: 4 },
    refused: 0,
    keys: req(
      '_1_fc134fe1-ce4d-4112-8c08-8e43bdd99026',
      '_2_b334e580-ef65-46d9-a845-f5f93fec1090',
      '_3_4d658f8f-bd06-4263-8ad7-1248fc0aef78',
      '_5_b23d3568-8478-401c-8ee3-3246da83641d',
    ),
    options: { timezone: 'Europe/Berlin' },
  },
  {
    // FUNC-REQ-1/FUNC-REQ-2 do not exist: 2 hierarchy nodes (R6) and 1 relation (R7) refused
    file: 'reqif/sparx-ea8_forest-fire-example.reqif',
    format: 'reqif',
    records: { Requirement: 3 },
    refused: 3,
    keys: req('R001', 'R002', 'R003'),
  },
  {
    file: 'reqif/eclipse-rmf_specRelationTest_reqif-20101201.reqif',
    format: 'reqif',
    records: { Requirement: 2 },
    refused: 0,
    keys: req('2c84e85a-59d1-11da-8ef5-afdbd01c7a79', '2c84e85a-59d1-11da-8ef5-afdbd01c7a71'),
  },
  {
    file: 'reqif/doors_capella-requirements-vp.reqif',
    format: 'reqif',
    records: { Requirement: 1 },
    refused: 0,
    keys: req('_xen_QMkhEee8KsfWrp9EJQ'),
  },
  {
    // the hierarchy's two objects do not exist: 2 refused (R6)
    file: 'reqif/ibm-engineering-requirements_user-example.reqif',
    format: 'reqif',
    records: { Requirement: 1 },
    refused: 2,
    keys: req('_f05294de-d4cf-455d-9307-c130376dfd44'),
  },
  {
    file: 'reqif/eclipse-rmf_TC1700_two-files.reqifz',
    format: 'reqif',
    records: { Requirement: 2 },
    refused: 0,
    keys: req('ID_TC1700_SpecObject1', 'ID_TC1700_SpecObject2'),
  },
];
