// Purpose: the head of each unit's evidence chain: the unit, its part, work order and locked part
// revision with its drawing, every revision of that part and drawing (for currency), the
// requirements it satisfies, its routing, and the change orders that change its part.
// Parameters: $serialNumbers: [string].
// Returns: one row per unit that exists; nested values are maps (lists empty when a link is missing).
// Index: constraint unit_key; part_key; site_key; indexes part_revision_part, drawing_revision_number.
UNWIND $serialNumbers AS serialNumber
MATCH (u:Unit {serialNumber: serialNumber})
OPTIONAL MATCH (u)-[:BUILT_UNDER]->(wo:WorkOrder)
OPTIONAL MATCH (wo)-[:LOCKED_TO]->(pr:PartRevision)
OPTIONAL MATCH (pr)-[:HAS_DRAWING]->(dwg:DrawingRevision)
OPTIONAL MATCH (part:Part {partNumber: u.partNumber})
OPTIONAL MATCH (site:Site {code: coalesce(wo.site, u.site)})
WITH u, wo, pr, dwg, part, site, coalesce(u.partNumber, wo.partNumber) AS partNumber
RETURN
  u {.serialNumber, .partNumber, .workOrderId, .site, .status, .completedAt, .placeholder} AS unit,
  part {.partNumber, .placeholder} AS part,
  wo {.id, .partNumber, .revision, .releasedAt, .site, .placeholder} AS workOrder,
  site.timezone AS timeZone,
  pr {number: pr.partNumber, .revision, .status, .releasedAt, .supersededAt, .drawingNumber,
      .drawingRevision, .placeholder} AS builtTo,
  dwg {number: dwg.drawingNumber, .revision, .releasedAt, .supersededAt, .placeholder} AS drawing,
  COLLECT {
    MATCH (r:PartRevision {partNumber: partNumber})
    RETURN r {number: r.partNumber, .revision, .status, .releasedAt, .supersededAt, .placeholder}
  } AS partRevisions,
  COLLECT {
    MATCH (d:DrawingRevision {drawingNumber: dwg.drawingNumber})
    RETURN d {number: d.drawingNumber, .revision, .releasedAt, .supersededAt, .placeholder}
  } AS drawingRevisions,
  [(pr)-[:SATISFIES]->(req:Requirement) | req {.id, .title, .placeholder}] AS requirements,
  [(ro:RoutingOperation)-[:OF_REVISION]->(pr) |
    ro {.opNumber, .name, .workInstructionNumber, .inspectionPlanId}] AS routing,
  [(:Part {partNumber: partNumber})<-[:CHANGES_PART]-(co:ChangeOrder) |
    co {.id, .releasedAt, .changes, .effectivity, .placeholder}] AS changeOrders,
  [(u)<-[:SHIPPED]-(s:Shipment) WHERE NOT s.placeholder | s {.id, .shippedAt, .customer}] AS shipments
