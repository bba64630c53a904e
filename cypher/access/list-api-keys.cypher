// Purpose: every API key, for an admin: never its hash.
// Parameters: none.
// Returns: id, name, role, sites, createdAt, createdBy, expiresAt, revokedAt, revokedBy; newest first.
// Index: the label scan of :ApiKey (a handful per installation).
MATCH (k:ApiKey)
RETURN k.id AS id, k.name AS name, k.role AS role, k.sites AS sites, k.createdAt AS createdAt,
  k.createdBy AS createdBy, k.expiresAt AS expiresAt, k.revokedAt AS revokedAt,
  k.revokedBy AS revokedBy
ORDER BY k.createdAt DESC, k.id
