/**
 * What each OPC UA sample (../shared/samples/opcua) yields, worked out by hand from its
 * PROVENANCE.md and importers/opcua-nodeset/MAPPING.md: records per kind as they leave the parser
 * (before the authority rule), refusals, and keys. The unit tests check it against the parser,
 * the integration test against the graph.
 */
import type { Expectation } from './expectation';

/** The example machine's ProductInstanceUri: its id, its AssetId being empty (rule M1). */
export const EXAMPLE_MACHINE_ID = 'http://www.engelglobal.com/Viper06/235223';

export const EXAMPLE_FILE = 'opcua/instance-examples/Opc.Ua.Machinery.Examples.NodeSet2.xml';

export const TYPE_NODESETS = [
  'Opc.Ua.Di.NodeSet2.xml',
  'Opc.Ua.IA.NodeSet2.xml',
  'Opc.Ua.MachineTool.NodeSet2.xml',
  'Opc.Ua.Machinery.Jobs.Nodeset2.xml',
  'Opc.Ua.Machinery.NodeSet2.xml',
  'Opc.Ua.PackML.NodeSet2.xml',
  'opc.ua.isa95-jobcontrol.nodeset2.xml',
] as const;

export const EXPECTED: Expectation[] = [
  {
    file: EXAMPLE_FILE,
    format: 'opcua-nodeset',
    // ExampleMachine01; source OT: a governance violation on import (Equipment's authority is MES).
    // Refused: the instance's MyComponent, whose Identification holds no value (rule R3).
    records: { Equipment: 1 },
    refused: 1,
    keys: [{ kind: 'Equipment', key: EXAMPLE_MACHINE_ID }],
  },
  // types, not machines: nothing, and nothing refused (rule M13)
  ...TYPE_NODESETS.map((f): Expectation => ({
    file: `opcua/type-nodesets/${f}`,
    format: 'opcua-nodeset',
    records: {},
    refused: 0,
  })),
];
