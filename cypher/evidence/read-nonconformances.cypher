// Purpose: the NCRs that may touch the given units: those naming a unit or any serial or lot in
// its genealogy (reached as genealogy/read-components reaches it: depth ≤ 50, cycles ending), or
// an operation execution performed on one of those serials; with their CAPA.
// Parameters: $rids: [string] record ids of the units.
// Returns: one row per NCR: nonconformance (map), targets (record ids of the units and components
//   it was found through), executions ([{id, serialNumber}]: named executions performed on those
//   serials), capa (map or null).
// Index: constraint artefact_rid.
UNWIND $rids AS rid
MATCH (root:Artefact {rid: rid})
CALL (root) {
  MATCH ANY SHORTEST (root)-[:CONSUMED]->{0,50}(t:Artefact)
  RETURN t
}
WITH DISTINCT t
CALL (t) {
  MATCH (t)<-[:NAMES_UNIT|NAMES_LOT]-(ncr:Nonconformance)
  RETURN ncr, null AS execution
  UNION
  MATCH (t)<-[:PERFORMED_ON]-(oe:OperationExecution)<-[:NAMES_OPERATION]-(ncr:Nonconformance)
  RETURN ncr, {id: oe.id, serialNumber: t.serialNumber} AS execution
}
WITH ncr, collect(DISTINCT t.rid) AS targets, collect(execution) AS executions
OPTIONAL MATCH (ncr)-[:HAS_CAPA]->(capa:Capa)
RETURN
  ncr {.id, .status, .disposition, .raisedAt, .description, .serialNumbers, .lotNumbers,
       .operationExecutionId, .drawingNumber, .drawingRevision, .requirementId, .characteristicId,
       .capaId} AS nonconformance,
  targets,
  executions,
  capa {.id, .status, .closedAt, .placeholder} AS capa
