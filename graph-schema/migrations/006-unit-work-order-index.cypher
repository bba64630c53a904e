// 006: LOT effectivity judges a unit by the work-order id it names; the ids a part's units name
// are read from this index alone (beside 005's ids of the part's received orders).
CREATE INDEX unit_part_work_order IF NOT EXISTS FOR (n:Unit) ON (n.partNumber, n.workOrderId);
