// 004: release-to-floor reads the first work order locked to a revision straight from an index.
CREATE INDEX work_order_revision_released IF NOT EXISTS FOR (n:WorkOrder) ON (n.partNumber, n.revision, n.releasedAt);
