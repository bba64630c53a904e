// Purpose: release-to-floor latency: for each part revision released in [$from, $to), the first
// work order locked to it (at $site, when given).
// Parameters: $from, $to: instants; $site: a site code or null.
// Returns: partNumber, revision, releasedAt, firstWorkOrderId, firstWorkOrderAt (null while none).
// Index: part_revision_released (range seek); work_order_revision_released (the first order
//   locked to a revision, read in release order from the index).
MATCH (r:PartRevision)
WHERE r.releasedAt >= $from AND r.releasedAt < $to AND r.placeholder = false
OPTIONAL CALL (r) {
  MATCH (wo:WorkOrder)
  WHERE wo.partNumber = r.partNumber AND wo.revision = r.revision AND wo.releasedAt >= ''
    AND ($site IS NULL OR wo.site = $site)
  RETURN wo
  ORDER BY wo.releasedAt, wo.id
  LIMIT 1
}
RETURN r.partNumber AS partNumber, r.revision AS revision, r.releasedAt AS releasedAt,
  wo.id AS firstWorkOrderId, wo.releasedAt AS firstWorkOrderAt
ORDER BY releasedAt, partNumber, revision
