// Purpose: the relationships a record declares (both ends exist: written or ensured before).
// Parameters: $rels: [{from, to, type, importId, source, system, recordedAt, characteristicId,
//   linkId, linkType}]
//   — from/to record ids; type an UPPER_SNAKE name from src/graph/record-mapping.ts; the
//   provenance of the declaring record; characteristicId on VERIFIES only, linkId and linkType
//   (stored as `type`) on LINKS_TO only (null elsewhere, so not set). Properties in the CREATE pattern, not a SET after it, keep the plan free of Eager.
// Returns: created (count).
// Index: constraint artefact_rid, twice per row.
UNWIND $rels AS rel
MATCH (a:Artefact {rid: rel.from})
MATCH (b:Artefact {rid: rel.to})
CREATE (a)-[r:$(rel.type) {
  importId: rel.importId,
  source: rel.source,
  system: rel.system,
  recordedAt: rel.recordedAt,
  characteristicId: rel.characteristicId,
  linkId: rel.linkId,
  type: rel.linkType
}]->(b)
RETURN count(r) AS created
