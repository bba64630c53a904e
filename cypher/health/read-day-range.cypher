// Purpose: the first and last day that has thread-health counts (a chart with no window shows
// them all).
// Parameters: none.
// Returns: first, last (YYYY-MM-DD, null when there are none).
// Index: health_day_day (min and max read from the index).
MATCH (d:HealthDay)
WHERE d.day IS NOT NULL
RETURN min(d.day) AS first, max(d.day) AS last
