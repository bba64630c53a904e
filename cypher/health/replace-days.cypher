// Purpose: replace the daily counts of the given UTC days with freshly counted ones.
// Parameters: $days: [string] (YYYY-MM-DD); $rows: [{day, site, operations, escapedOperations,
//   nonconformances, structuredNonconformances, shippedUnits, completeShippedUnits}] for those
//   days (site '' when the records name none).
// Returns: written (count).
// Index: health_day_day; constraint health_day_key.
CALL () {
  UNWIND $days AS day
  MATCH (d:HealthDay {day: day})
  DELETE d
}
CALL () {
  UNWIND $rows AS row
  CREATE (d:HealthDay)
  SET d = row
  RETURN count(d) AS written
}
RETURN written
