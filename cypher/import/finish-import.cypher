// Purpose: close a run of an import: COMPLETED (every line read, derived state worked out),
// or FAILED / CANCELLED / INTERRUPTED with the reason. Matches only while this claim holds the
// run (a run taken over by another worker is closed by that one).
// Parameters: $id, $runToken, $status ('COMPLETED' | 'FAILED' | 'CANCELLED' | 'INTERRUPTED'),
//   $phase (null: as it stands), $now, $error (null when none), $derivedUnits, $derivedDays (null when not derived).
// Returns: the run's audit record.
// Index: constraint import_id.
MATCH (i:Import {id: $id})
WHERE i.runToken = $runToken
SET
  i.status = $status,
  i.phase = coalesce($phase, i.phase),
  i.finishedAt = CASE WHEN $status IN ['COMPLETED', 'FAILED', 'CANCELLED'] THEN $now ELSE null END,
  i.interruptedAt = CASE WHEN $status = 'INTERRUPTED' THEN $now ELSE i.interruptedAt END,
  i.error = $error,
  i.derivedUnits = coalesce(toInteger($derivedUnits), i.derivedUnits),
  i.derivedDays = coalesce(toInteger($derivedDays), i.derivedDays)
RETURN i {.*} AS import
