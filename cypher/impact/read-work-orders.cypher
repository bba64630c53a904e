// Purpose: the given work orders with what effectivity and the impact list judge and show.
// One row holds them all.
// Parameters: $ids: [string] work-order ids.
// Returns: orders: [[id, partNumber, revision, releasedAt, site, status]] — received orders only.
// Index: constraint work_order_key.
UNWIND $ids AS id
MATCH (wo:WorkOrder {id: id})
WHERE NOT wo.placeholder
RETURN collect([wo.id, wo.partNumber, wo.revision, wo.releasedAt, wo.site, wo.status]) AS orders
