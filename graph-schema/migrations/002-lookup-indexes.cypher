// 002: the lookups the evidence chain and the importer make by a field that is not a key.
CREATE INDEX part_revision_part IF NOT EXISTS FOR (n:PartRevision) ON (n.partNumber);
CREATE INDEX drawing_revision_number IF NOT EXISTS FOR (n:DrawingRevision) ON (n.drawingNumber);
CREATE INDEX work_instruction_revision_number IF NOT EXISTS FOR (n:WorkInstructionRevision) ON (n.documentNumber);
CREATE INDEX inspection_plan_revision_plan IF NOT EXISTS FOR (n:InspectionPlanRevision) ON (n.planId);
CREATE INDEX routing_operation_revision IF NOT EXISTS FOR (n:RoutingOperation) ON (n.partNumber, n.revision);
CREATE INDEX operation_execution_serial IF NOT EXISTS FOR (n:OperationExecution) ON (n.serialNumber);
CREATE INDEX inspection_result_serial IF NOT EXISTS FOR (n:InspectionResult) ON (n.serialNumber);
CREATE INDEX reading_equipment_time IF NOT EXISTS FOR (n:Reading) ON (n.equipmentId, n.sourceTimestamp);
CREATE INDEX unit_part IF NOT EXISTS FOR (n:Unit) ON (n.partNumber);
CREATE INDEX work_order_part IF NOT EXISTS FOR (n:WorkOrder) ON (n.partNumber);
CREATE INDEX record_version_record IF NOT EXISTS FOR (n:RecordVersion) ON (n.rid);
CREATE INDEX governance_violation_page IF NOT EXISTS FOR (n:GovernanceViolation) ON (n.page);
CREATE INDEX import_started IF NOT EXISTS FOR (n:Import) ON (n.startedAt);
