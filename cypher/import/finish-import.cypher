// Purpose: close the audit record of an import run with its outcome.
// Parameters: $id, $status ('COMPLETED' | 'FAILED'), $finishedAt, $lines, $applied, $unchanged,
//   $history, $rejected, $violations, $rejections (JSON: the first rejected lines), $feeds (JSON:
//   records per kind, source and system, and how many were refused), $error.
// Returns: id.
// Index: constraint import_id.
MATCH (i:Import {id: $id})
SET i.status = $status,
    i.finishedAt = $finishedAt,
    i.lines = toInteger($lines),
    i.applied = toInteger($applied),
    i.unchanged = toInteger($unchanged),
    i.history = toInteger($history),
    i.rejected = toInteger($rejected),
    i.violations = toInteger($violations),
    i.rejections = $rejections,
    i.feeds = $feeds,
    i.error = $error
RETURN i.id AS id
