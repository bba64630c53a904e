// 005: change impact judges LOT effectivity on a part's work-order ids alone, read from an index.
CREATE INDEX work_order_part_id IF NOT EXISTS FOR (n:WorkOrder) ON (n.partNumber, n.id);
