// Purpose: the ids of a part's work orders: LOT effectivity is judged on these alone before
// anything else of the orders is read. One row holds them all. A placeholder order carries no
// partNumber, so every id here is of a received work order.
// Parameters: $partNumber.
// Returns: ids: [string].
// Index: work_order_part_id (partNumber, id): answered from the index.
MATCH (wo:WorkOrder)
WHERE wo.partNumber = $partNumber AND wo.id IS NOT NULL
RETURN collect(wo.id) AS ids
