// Purpose: the work-order ids a part's units name — received orders of the part, orders ERP
// never sent, orders for another part — for LOT effectivity, which judges a unit by the order it
// names: what lies inside the range is read in full afterwards.
// Parameters: $partNumber.
// Returns: ids (one list, each id once).
// Index: unit_part_work_order (partNumber, workOrderId): answered from the index.
MATCH (u:Unit)
WHERE u.partNumber = $partNumber AND u.workOrderId IS NOT NULL
RETURN collect(DISTINCT u.workOrderId) AS ids
