// Purpose: thread-health counts summed over whole UTC days [$fromDay, $toDay), per site.
// Parameters: $fromDay, $toDay: YYYY-MM-DD; $site: a site code or null for every site.
// Returns: site, operations, escapedOperations, nonconformances, structuredNonconformances,
//   shippedUnits, completeShippedUnits.
// Index: health_day_day (range seek).
MATCH (d:HealthDay)
WHERE d.day >= $fromDay AND d.day < $toDay AND ($site IS NULL OR d.site = $site)
RETURN d.site AS site,
  sum(d.operations) AS operations,
  sum(d.escapedOperations) AS escapedOperations,
  sum(d.nonconformances) AS nonconformances,
  sum(d.structuredNonconformances) AS structuredNonconformances,
  sum(d.shippedUnits) AS shippedUnits,
  sum(d.completeShippedUnits) AS completeShippedUnits
