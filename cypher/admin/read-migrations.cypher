// Purpose: the schema migrations already applied to this database.
// Parameters: none.
// Returns: id, checksum of each applied migration.
// Index: none needed (a handful of nodes).
MATCH (m:SchemaMigration)
RETURN m.id AS id, m.checksum AS checksum
