// Purpose: the given units (SERIAL effectivity judged their serial numbers), with their work
// order's id.
// Parameters: $serialNumbers: [string].
// Returns: serialNumber, partNumber, status, site, workOrderId.
// Index: constraint unit_key.
UNWIND $serialNumbers AS serialNumber
MATCH (u:Unit {serialNumber: serialNumber})
WHERE NOT u.placeholder
OPTIONAL MATCH (u)-[:BUILT_UNDER]->(wo:WorkOrder)
RETURN u.serialNumber AS serialNumber, u.partNumber AS partNumber, u.status AS status,
  u.site AS site, wo.id AS workOrderId
