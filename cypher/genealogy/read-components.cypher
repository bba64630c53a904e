// Purpose: everything consumed into each root at any depth up to $maxDepth, as a breadth-first
// walk finds it, in one statement: each record reached at its least depth (a shortest path per
// record: cost follows the records, not the paths, and a cycle ends), then each consumption edge
// leaving the root or a record reached short of the bound, at one more than its parent's depth.
// An edge back to the root closes a cycle: it is no component, its parent is reported instead.
// Parameters: $rids: [string] record ids of the roots (Unit or Lot); $maxDepth: integer 1–50.
// Returns: one row per root that exists: rootRid; edges [{parentRid, parentId, rid, kind
//   ('SERIAL' | 'LOT'), id, partNumber, status, placeholder, depth}]; rids (every record reached);
//   truncated (a record sits at the bound: the walk would have gone on); consumersOfRoot (ids).
// Index: constraint artefact_rid.
UNWIND $rids AS rootRid
MATCH (root:Artefact {rid: rootRid})
CALL (root) {
  MATCH p = ANY SHORTEST (root)-[:CONSUMED]->{1,50}(n:Artefact)
  WHERE n <> root AND length(p) <= $maxDepth
  RETURN collect({node: n, depth: length(p)}) AS reached
}
CALL (root, reached) {
  UNWIND [{node: root, depth: 0}] + [r IN reached WHERE r.depth < $maxDepth] AS parent
  WITH parent.node AS p, parent.depth AS depth
  MATCH (p)-[:CONSUMED]->(c:Artefact)
  RETURN
    collect(CASE WHEN c <> root THEN {
      parentRid: p.rid,
      parentId: coalesce(p.serialNumber, p.lotNumber),
      rid: c.rid,
      kind: CASE WHEN c:Unit THEN 'SERIAL' ELSE 'LOT' END,
      id: coalesce(c.serialNumber, c.lotNumber),
      partNumber: c.partNumber,
      status: c.status,
      placeholder: c.placeholder,
      depth: depth + 1
    } END) AS edges,
    collect(CASE WHEN c = root THEN coalesce(p.serialNumber, p.lotNumber) END) AS consumersOfRoot
}
RETURN
  rootRid,
  edges,
  [r IN reached | r.node.rid] AS rids,
  any(r IN reached WHERE r.depth = $maxDepth) AS truncated,
  consumersOfRoot
