// Purpose: the earlier (and stale) versions of a record kept as history, newest first, and the
// versions of it refused by the authority rule.
// Parameters: $rid; $prefix (rid + '#': the ids of its refused versions begin so).
// Returns: history (list of version maps), refused (list of violation maps).
// Index: record_version_record; constraint governance_violation_id (range seek on the prefix).
CALL {
  MATCH (h:RecordVersion {rid: $rid})
  WITH h ORDER BY h.recordedAt DESC, h.versionHash
  RETURN collect(h {.versionHash, .recordedAt, .source, .system, .site, .importId, .line, .record, .original}) AS history
}
CALL {
  MATCH (g:GovernanceViolation)
  WHERE g.id STARTS WITH $prefix
  WITH g ORDER BY g.detectedAt DESC
  RETURN collect(g {.source, .system, .reason, .importId, .line, .recordedAt, .detectedAt, .record}) AS refused
}
RETURN history, refused
