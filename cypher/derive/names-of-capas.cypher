// Purpose: what the NCRs that name the given CAPAs name in turn.
// Parameters: $ids: [string] CAPA ids.
// Returns: serialNumbers, lotNumbers, operationExecutionId of each such NCR.
// Index: constraint capa_key.
UNWIND $ids AS id
MATCH (:Capa {id: id})<-[:HAS_CAPA]-(n:Nonconformance)
RETURN n.serialNumbers AS serialNumbers, n.lotNumbers AS lotNumbers,
  n.operationExecutionId AS operationExecutionId
