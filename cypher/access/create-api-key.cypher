// Purpose: a new API key: its id, name, the SHA-256 of its secret (never the secret), role, sites,
// when and by whom it was made, and when it expires. A name in use by a key not revoked refuses it
// (returns no row); a revoked key's name may be taken again.
// Parameters: $id, $name, $hash, $role, $sites ([string] or null: every site), $createdAt,
//   $createdBy, $expiresAt (ISO-8601 or null).
// Returns: id of the key made, or no row when the name is taken.
// Index: constraint api_key_id; index api_key_name.
OPTIONAL MATCH (taken:ApiKey {name: $name})
WHERE taken.revokedAt IS NULL
WITH count(taken) AS inUse
WHERE inUse = 0
CREATE (k:ApiKey {id: $id, name: $name, hash: $hash, role: $role, sites: $sites,
  createdAt: $createdAt, createdBy: $createdBy, expiresAt: $expiresAt})
RETURN k.id AS id
