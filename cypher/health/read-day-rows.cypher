// Purpose: the daily thread-health counts of each site over whole UTC days [$fromDay, $toDay),
// day by day, for charts over time.
// Parameters: $fromDay, $toDay: YYYY-MM-DD; $site: a site code or null for every site.
// Returns: day, site, operations, escapedOperations, nonconformances, structuredNonconformances,
//   shippedUnits, completeShippedUnits; ordered by day.
// Index: health_day_day (range seek).
MATCH (d:HealthDay)
WHERE d.day >= $fromDay AND d.day < $toDay AND ($site IS NULL OR d.site = $site)
RETURN d.day AS day, d.site AS site, d.operations AS operations,
  d.escapedOperations AS escapedOperations, d.nonconformances AS nonconformances,
  d.structuredNonconformances AS structuredNonconformances, d.shippedUnits AS shippedUnits,
  d.completeShippedUnits AS completeShippedUnits
ORDER BY day, site
