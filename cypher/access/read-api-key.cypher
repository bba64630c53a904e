// Purpose: one API key by its id (the part of a key before its secret), to check a request's key.
// Parameters: $id.
// Returns: id, name, hash, role, sites, expiresAt, revokedAt; no row for an unknown id.
// Index: constraint api_key_id.
MATCH (k:ApiKey {id: $id})
RETURN k.id AS id, k.name AS name, k.hash AS hash, k.role AS role, k.sites AS sites,
  k.expiresAt AS expiresAt, k.revokedAt AS revokedAt
