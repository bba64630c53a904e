// Purpose: the thread-health counts of one stretch of time [$from, $to), per site, from the
// records themselves: operations (by startedAt, the unit's site) and how many escaped, NCRs (by
// raisedAt, the record's site) and how many are structured, units shipped (first shipment) and
// how many have a complete chain.
// Parameters: $from, $to: instants; $site: a site code or null for every site.
// Returns: one row per metric and site: metric ('operations' | 'nonconformances' | 'shipped'),
//   site, total, hits.
// Index: operation_execution_started, nonconformance_raised, unit_shipped (range seeks).
CALL () {
  MATCH (oe:OperationExecution)
  WHERE oe.startedAt >= $from AND oe.startedAt < $to AND ($site IS NULL OR oe.unitSite = $site)
  RETURN 'operations' AS metric, oe.unitSite AS site, count(*) AS total,
    sum(CASE WHEN oe.escaped THEN 1 ELSE 0 END) AS hits
  UNION ALL
  MATCH (n:Nonconformance)
  WHERE n.raisedAt >= $from AND n.raisedAt < $to AND ($site IS NULL OR n.site = $site)
  RETURN 'nonconformances' AS metric, n.site AS site, count(*) AS total,
    sum(CASE WHEN n.structured THEN 1 ELSE 0 END) AS hits
  UNION ALL
  MATCH (u:Unit)
  WHERE u.shippedAt >= $from AND u.shippedAt < $to AND ($site IS NULL OR u.site = $site)
  RETURN 'shipped' AS metric, u.site AS site, count(*) AS total,
    sum(CASE WHEN u.complete THEN 1 ELSE 0 END) AS hits
}
RETURN metric, site, total, hits
