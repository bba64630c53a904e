// 003: what finding affected units after an import and the thread-health windows look up.
CREATE INDEX operation_execution_started IF NOT EXISTS FOR (n:OperationExecution) ON (n.startedAt);
CREATE INDEX operation_execution_instruction IF NOT EXISTS FOR (n:OperationExecution) ON (n.workInstructionNumber);
CREATE INDEX operation_execution_equipment IF NOT EXISTS FOR (n:OperationExecution) ON (n.equipmentId);
CREATE INDEX operation_execution_operator IF NOT EXISTS FOR (n:OperationExecution) ON (n.operatorId);
CREATE INDEX nonconformance_raised IF NOT EXISTS FOR (n:Nonconformance) ON (n.raisedAt);
CREATE INDEX unit_shipped IF NOT EXISTS FOR (n:Unit) ON (n.shippedAt);
CREATE INDEX unit_site IF NOT EXISTS FOR (n:Unit) ON (n.site);
CREATE INDEX routing_operation_plan IF NOT EXISTS FOR (n:RoutingOperation) ON (n.inspectionPlanId);
CREATE INDEX inspection_result_plan IF NOT EXISTS FOR (n:InspectionResult) ON (n.planId);
CREATE INDEX part_revision_drawing IF NOT EXISTS FOR (n:PartRevision) ON (n.drawingNumber);
CREATE INDEX part_revision_released IF NOT EXISTS FOR (n:PartRevision) ON (n.releasedAt);
CREATE INDEX work_order_released IF NOT EXISTS FOR (n:WorkOrder) ON (n.releasedAt);
CREATE CONSTRAINT health_day_key IF NOT EXISTS FOR (n:HealthDay) REQUIRE (n.day, n.site) IS UNIQUE;
CREATE INDEX health_day_day IF NOT EXISTS FOR (n:HealthDay) ON (n.day);
CREATE INDEX work_order_site IF NOT EXISTS FOR (n:WorkOrder) ON (n.site);
CREATE INDEX unit_part_serial IF NOT EXISTS FOR (n:Unit) ON (n.partNumber, n.serialNumber);
