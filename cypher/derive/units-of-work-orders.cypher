// Purpose: the units built under the given work orders (their evidence depends on the order).
// Parameters: $ids: [string] work order ids.
// Returns: serialNumber.
// Index: constraint work_order_key.
UNWIND $ids AS id
MATCH (:WorkOrder {id: id})<-[:BUILT_UNDER]-(u:Unit)
RETURN u.serialNumber AS serialNumber
