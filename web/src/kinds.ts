/** The record kinds as people call them. */
const NAMES: Record<string, string> = {
  Unit: 'Serial',
  Lot: 'Lot',
  WorkOrder: 'Work order',
  Part: 'Part',
  PartRevision: 'Part revision',
  DrawingRevision: 'Drawing',
  Nonconformance: 'NCR',
  Capa: 'CAPA',
  ChangeOrder: 'Change order',
  Requirement: 'Requirement',
  RoutingOperation: 'Routing operation',
  WorkInstructionRevision: 'Work instruction',
  InspectionPlanRevision: 'Inspection plan',
  InspectionResult: 'Inspection result',
  OperationExecution: 'Operation',
  Equipment: 'Equipment',
  Operator: 'Operator',
  Shipment: 'Shipment',
  Site: 'Site',
  BomLine: 'BOM line',
  Reading: 'Reading',
  FieldEvent: 'Field event',
};

export function kindName(kind: string): string {
  return NAMES[kind] ?? kind;
}
