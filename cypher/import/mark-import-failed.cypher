// Purpose: record that an import job failed for good (its retries are spent, or it was given up
// as stalled) on whatever run of it is not closed, whoever claimed it last: a killed worker
// cannot leave its run RUNNING forever.
// Parameters: $jobId, $error, $now.
// Returns: id of each run closed.
// Index: import_job.
MATCH (i:Import {jobId: $jobId})
WHERE i.status IN ['NEW', 'RUNNING', 'INTERRUPTED']
SET i.status = 'FAILED', i.finishedAt = $now, i.error = $error
RETURN i.id AS id
