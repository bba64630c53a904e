// Purpose: record that a schema migration has been applied.
// Parameters: $id (file name without .cypher), $checksum (sha256 of its text).
// Returns: nothing.
// Index: none needed.
MERGE (m:SchemaMigration {id: $id})
ON CREATE SET m.appliedAt = toString(datetime())
SET m.checksum = $checksum
