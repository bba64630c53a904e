// 001: identity. Every artefact node carries :Artefact and a graph-wide record id (rid) built
// from its kind and key; each class's key is also unique under its own label, so people can
// write MATCH (u:Unit {serialNumber: 'SN-0047'}) and hit an index.
CREATE CONSTRAINT schema_migration_id IF NOT EXISTS FOR (n:SchemaMigration) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT artefact_rid IF NOT EXISTS FOR (n:Artefact) REQUIRE n.rid IS UNIQUE;
CREATE CONSTRAINT site_key IF NOT EXISTS FOR (n:Site) REQUIRE n.code IS UNIQUE;
CREATE CONSTRAINT requirement_key IF NOT EXISTS FOR (n:Requirement) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT part_key IF NOT EXISTS FOR (n:Part) REQUIRE n.partNumber IS UNIQUE;
CREATE CONSTRAINT part_revision_key IF NOT EXISTS FOR (n:PartRevision) REQUIRE (n.partNumber, n.revision) IS UNIQUE;
CREATE CONSTRAINT drawing_revision_key IF NOT EXISTS FOR (n:DrawingRevision) REQUIRE (n.drawingNumber, n.revision) IS UNIQUE;
CREATE CONSTRAINT bom_line_key IF NOT EXISTS FOR (n:BomLine) REQUIRE (n.parentPartNumber, n.parentRevision, n.childPartNumber, n.findNumber) IS UNIQUE;
CREATE CONSTRAINT change_order_key IF NOT EXISTS FOR (n:ChangeOrder) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT routing_operation_key IF NOT EXISTS FOR (n:RoutingOperation) REQUIRE (n.partNumber, n.revision, n.opNumber) IS UNIQUE;
CREATE CONSTRAINT work_instruction_revision_key IF NOT EXISTS FOR (n:WorkInstructionRevision) REQUIRE (n.documentNumber, n.revision) IS UNIQUE;
CREATE CONSTRAINT inspection_plan_revision_key IF NOT EXISTS FOR (n:InspectionPlanRevision) REQUIRE (n.planId, n.revision) IS UNIQUE;
CREATE CONSTRAINT work_order_key IF NOT EXISTS FOR (n:WorkOrder) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT lot_key IF NOT EXISTS FOR (n:Lot) REQUIRE n.lotNumber IS UNIQUE;
CREATE CONSTRAINT shipment_key IF NOT EXISTS FOR (n:Shipment) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT unit_key IF NOT EXISTS FOR (n:Unit) REQUIRE n.serialNumber IS UNIQUE;
CREATE CONSTRAINT operation_execution_key IF NOT EXISTS FOR (n:OperationExecution) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT equipment_key IF NOT EXISTS FOR (n:Equipment) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT operator_key IF NOT EXISTS FOR (n:Operator) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT inspection_result_key IF NOT EXISTS FOR (n:InspectionResult) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT nonconformance_key IF NOT EXISTS FOR (n:Nonconformance) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT capa_key IF NOT EXISTS FOR (n:Capa) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT reading_key IF NOT EXISTS FOR (n:Reading) REQUIRE (n.equipmentId, n.tag, n.sourceTimestamp) IS UNIQUE;
CREATE CONSTRAINT field_event_key IF NOT EXISTS FOR (n:FieldEvent) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT consumption_rid IF NOT EXISTS FOR ()-[r:CONSUMED]-() REQUIRE r.rid IS UNIQUE;
CREATE CONSTRAINT record_version_id IF NOT EXISTS FOR (n:RecordVersion) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT governance_violation_id IF NOT EXISTS FOR (n:GovernanceViolation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT import_id IF NOT EXISTS FOR (n:Import) REQUIRE n.id IS UNIQUE;
