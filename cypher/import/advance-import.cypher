// Purpose: the last statement of an import batch: move the run's checkpoint to the end of the
// batch with its counts, in the same transaction as the records, so that a run resumed after a
// kill starts exactly after what was committed. Matches only while this claim holds the run and
// the checkpoint is where this batch began; no row means another claim took over (the caller
// rolls the batch back).
// Parameters: $id, $runToken, $fromLine (checkpoint line this batch began after), $line, $offset,
//   $batches, $lines, $applied, $unchanged, $history, $rejected, $violations, $duplicates,
//   $rejections (JSON of the first rejected lines, or null when unchanged), $feeds (JSON), $now.
// Returns: id.
// Index: constraint import_id.
MATCH (i:Import {id: $id})
WHERE i.runToken = $runToken AND i.line = $fromLine
SET
  i.line = toInteger($line),
  i.offset = toInteger($offset),
  i.batches = toInteger($batches),
  i.lines = toInteger($lines),
  i.applied = toInteger($applied),
  i.unchanged = toInteger($unchanged),
  i.history = toInteger($history),
  i.rejected = toInteger($rejected),
  i.violations = toInteger($violations),
  i.duplicates = toInteger($duplicates),
  i.rejections = coalesce($rejections, i.rejections),
  i.feeds = $feeds,
  i.checkpointAt = $now
RETURN i.id AS id
