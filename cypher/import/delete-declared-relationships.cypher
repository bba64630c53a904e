// Purpose: before a record's new version is written, remove the relationships its earlier
// version declared (they are recreated from the new one). Every relationship a record declares
// leaves its own node; CONSUMED relationships also leave it but belong to Consumption records.
// Parameters: $rids: [string] record ids whose earlier version is being replaced.
// Returns: deleted (count).
// Index: constraint artefact_rid.
UNWIND $rids AS rid
MATCH (n:Artefact {rid: rid})-[r]->()
WHERE NOT r:CONSUMED
DELETE r
RETURN count(*) AS deleted
