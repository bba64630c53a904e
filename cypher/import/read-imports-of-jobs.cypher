// Purpose: the runs of the given import jobs, as recorded in the graph (counts, checkpoint,
// status, derived state), newest run first per job.
// Parameters: $jobIds.
// Returns: jobId, runs (list of maps).
// Index: import_job.
UNWIND $jobIds AS jobId
MATCH (i:Import {jobId: jobId})
WITH jobId, i ORDER BY i.run DESC
RETURN jobId, collect(i {.*, runToken: null}) AS runs
