// Purpose: begin or resume one run of an import job. A new run starts at line 0; a run that was
// interrupted (killed, drained, failed part-way) resumes from its checkpoint; a completed run is
// left as it is. Each claim takes a new run token: batches of an older claim (a worker that was
// thought dead) no longer match it and are refused, so two workers never both advance a run.
// Parameters: $id (jobId.run), $jobId, $run, $format, $options (JSON: what the format is read
//   with), $profileHash (sha256 of a CSV mapping profile, or null), $file, $label, $fileHash, $fileSize,
//   $totalLines, $runToken, $now.
// Returns: the run's audit record as it stands (status, checkpoint, counts so far).
// Index: constraint import_id.
MERGE (i:Import {id: $id})
  ON CREATE SET
    i.jobId = $jobId,
    i.run = toInteger($run),
    i.format = $format,
    i.options = $options,
    i.profileHash = $profileHash,
    i.file = $file,
    i.label = $label,
    i.fileHash = $fileHash,
    i.fileSize = toInteger($fileSize),
    i.totalLines = toInteger($totalLines),
    i.startedAt = $now,
    i.status = 'NEW',
    i.phase = 'records',
    i.line = 0,
    i.offset = 0,
    i.batches = 0,
    i.attempts = 0,
    i.lines = 0,
    i.applied = 0,
    i.unchanged = 0,
    i.history = 0,
    i.rejected = 0,
    i.violations = 0,
    i.duplicates = 0,
    i.rejections = '[]',
    i.feeds = '[]'
WITH i, i.status = 'COMPLETED' AS done
SET
  i.attempts = CASE WHEN done THEN i.attempts ELSE i.attempts + 1 END,
  i.runToken = CASE WHEN done THEN i.runToken ELSE $runToken END,
  i.resumedAt = CASE WHEN done OR i.status = 'NEW' THEN i.resumedAt ELSE $now END,
  i.status = CASE WHEN done THEN 'COMPLETED' ELSE 'RUNNING' END,
  i.error = CASE WHEN done THEN i.error ELSE null END
RETURN i {.*} AS import
