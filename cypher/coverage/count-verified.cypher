// Purpose: the units whose work order is locked to a part revision, and per requirement how many
// of them have its derived status VERIFIED (`Unit.verifiedRequirements`).
// Parameters: $partNumber, $revision.
// Returns: one row: totalUnits, verified: [{id, units}].
// Index: constraint part_revision_key.
MATCH (:PartRevision {partNumber: $partNumber, revision: $revision})<-[:LOCKED_TO]-(:WorkOrder)
      <-[:BUILT_UNDER]-(u:Unit)
WITH collect(coalesce(u.verifiedRequirements, [])) AS verifiedLists
RETURN
  size(verifiedLists) AS totalUnits,
  COLLECT {
    UNWIND verifiedLists AS verifiedList
    UNWIND verifiedList AS id
    WITH id, count(*) AS units
    RETURN {id: id, units: units}
  } AS verified
