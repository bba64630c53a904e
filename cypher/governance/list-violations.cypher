// Purpose: one page of governance violations, oldest detection first.
// Parameters: $after: the page cursor, i.e. the `page` value of the last row of the previous page
//   ('' for the first page); $limit: rows to return (page size + 1 tells whether another follows).
// Returns: kind, source, system, site, key, reason, importId, line, recordedAt, detectedAt, page.
// Index: governance_violation_page (page = detectedAt|id, unique and in detection order).
MATCH (v:GovernanceViolation)
WHERE v.page > $after
RETURN v.kind AS kind, v.source AS source, v.system AS system, v.site AS site, v.key AS key,
  v.reason AS reason, v.importId AS importId, v.line AS line, v.recordedAt AS recordedAt,
  v.detectedAt AS detectedAt, v.page AS page
ORDER BY v.page
LIMIT toInteger($limit)
