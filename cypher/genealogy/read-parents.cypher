// Purpose: one level of genealogy upwards: what each given serial or lot was consumed into.
// The walk passes element ids from level to level (valid within its one read transaction), so a
// level costs no index seek per record.
// Parameters: $eids: [string] element ids of the children (Unit or Lot).
// Returns: one row per CONSUMED relationship: eid of the parent, and its serialNumber when it is a
//   unit (null for a lot).
// Index: none: nodes by element id, then the relationships.
UNWIND $eids AS childEid
MATCH (c:Artefact)
WHERE elementId(c) = childEid
MATCH (c)<-[:CONSUMED]-(p:Artefact)
RETURN
  elementId(p) AS eid,
  CASE WHEN p:Unit THEN p.serialNumber END AS serialNumber
