// Purpose: the units built under the given work orders (LOT and DATE effectivity judged the
// orders), with what the impact lists of them; one row per order keeps a large impact light, and
// the pattern comprehension reads each order's units without an aggregation over all of them.
// Parameters: $workOrderIds: [string].
// Returns: workOrderId, units: [[serialNumber, partNumber, status, site]].
// Index: constraint work_order_key.
UNWIND $workOrderIds AS id
MATCH (wo:WorkOrder {id: id})
RETURN
  wo.id AS workOrderId,
  [(wo)<-[:BUILT_UNDER]-(u:Unit) WHERE NOT u.placeholder | [u.serialNumber, u.partNumber, u.status, u.site]] AS units
