// Purpose: open the audit record of one import run (one file).
// Parameters: $id, $format, $file (path as given), $fileHash (sha256), $fileSize, $startedAt.
// Returns: id.
// Index: constraint import_id.
CREATE (i:Import {
  id: $id,
  format: $format,
  file: $file,
  fileHash: $fileHash,
  fileSize: toInteger($fileSize),
  startedAt: $startedAt,
  status: 'RUNNING'
})
RETURN i.id AS id
