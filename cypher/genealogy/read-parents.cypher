// Purpose: one level of genealogy upwards: what each given serial or lot was consumed into.
// The walk passes element ids from level to level (valid within its one read transaction), so a
// level costs no index seek per record.
// Parameters: $eids: [string] element ids of the children (Unit or Lot).
// Returns: one row per CONSUMED relationship: eid, rid, kind ('SERIAL' | 'LOT'), id of the parent,
//   whether the parent (a unit) has shipped (derived state), and childId, the serial or lot it
//   consumed.
// Index: none: nodes by element id, then the relationships.
UNWIND $eids AS childEid
MATCH (c:Artefact)
WHERE elementId(c) = childEid
MATCH (c)<-[:CONSUMED]-(p:Artefact)
RETURN
  elementId(p) AS eid,
  p.rid AS rid,
  CASE WHEN p:Unit THEN 'SERIAL' ELSE 'LOT' END AS kind,
  coalesce(p.serialNumber, p.lotNumber) AS id,
  p.shippedAt IS NOT NULL AS shipped,
  coalesce(c.serialNumber, c.lotNumber) AS childId
