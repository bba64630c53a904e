// Purpose: the units built under the given work orders (LOT and DATE effectivity judged the
// orders), with what the impact lists of them; one row per order keeps a large impact light.
// Parameters: $workOrderIds: [string].
// Returns: workOrderId, units: [[serialNumber, partNumber, status, site]].
// Index: constraint work_order_key.
UNWIND $workOrderIds AS id
MATCH (wo:WorkOrder {id: id})<-[:BUILT_UNDER]-(u:Unit)
WHERE NOT u.placeholder
RETURN wo.id AS workOrderId, collect([u.serialNumber, u.partNumber, u.status, u.site]) AS units
