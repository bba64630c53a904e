// Purpose: every work order of a part with what DATE effectivity is judged on (the site's time
// zone comes from impact/read-site-zones: a handful of sites, not one lookup per order). One row
// holds them all: a part can have tens of thousands of orders.
// Parameters: $partNumber.
// Returns: orders: [[id, partNumber, revision, releasedAt, site, status]].
// Index: work_order_part.
MATCH (wo:WorkOrder {partNumber: $partNumber})
WHERE NOT wo.placeholder
RETURN collect([wo.id, wo.partNumber, wo.revision, wo.releasedAt, wo.site, wo.status]) AS orders
