// Purpose: revoke the API key not yet revoked that has this id or name; it is kept, marked, so
// the audit trail's references to it still resolve.
// Parameters: $key (id or name), $revokedAt, $revokedBy.
// Returns: the key revoked, as list-api-keys gives it; no row when none matches.
// Index: constraint api_key_id; index api_key_name.
CALL {
  MATCH (k:ApiKey {id: $key}) RETURN k
  UNION
  MATCH (k:ApiKey {name: $key}) RETURN k
}
WITH k WHERE k.revokedAt IS NULL
SET k.revokedAt = $revokedAt, k.revokedBy = $revokedBy
RETURN k.id AS id, k.name AS name, k.role AS role, k.sites AS sites, k.createdAt AS createdAt,
  k.createdBy AS createdBy, k.expiresAt AS expiresAt, k.revokedAt AS revokedAt,
  k.revokedBy AS revokedBy
