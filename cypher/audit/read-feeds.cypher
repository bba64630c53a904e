// Purpose: what every import run received, per kind, source and system (JSON on each Import).
// Parameters: none.
// Returns: feeds (JSON string) per import.
// Index: the label scan of :Import (one node per import run).
MATCH (i:Import)
WHERE i.feeds IS NOT NULL
RETURN i.feeds AS feeds
