// 011: API keys (graph-schema/model.md, "Access"): one node per key, found by its id on every
// request that carries it; its name is unique among the keys not revoked (checked on creation).
CREATE CONSTRAINT api_key_id IF NOT EXISTS FOR (n:ApiKey) REQUIRE n.id IS UNIQUE;
CREATE INDEX api_key_name IF NOT EXISTS FOR (n:ApiKey) ON (n.name)
