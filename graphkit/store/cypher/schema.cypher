// The graphkit schema: keys, lookups and the name search, applied by `graphkit load` and
// `graphkit schema`. Every statement says IF NOT EXISTS, so applying it again changes nothing.
//
// Neo4j Community has no node keys (an Enterprise feature); a uniqueness constraint on the pair
// of properties gives the same guarantee for the nodes graphkit writes, which always have both.
// Relationship property indexes exist only per relationship type; graphkit finds relationships
// from their (indexed) end actors, so none is needed.

CREATE CONSTRAINT actor_key IF NOT EXISTS
FOR (a:Actor) REQUIRE (a.dataset, a.id) IS UNIQUE;

CREATE CONSTRAINT source_key IF NOT EXISTS
FOR (s:Source) REQUIRE (s.dataset, s.id) IS UNIQUE;

CREATE CONSTRAINT dataset_key IF NOT EXISTS
FOR (d:Dataset) REQUIRE d.dataset IS UNIQUE;

// No index on `dataset` alone: on a fresh database the planner may take it for the rarer one and
// look actors up by dataset, then filter on id. "Everything in dataset D" reads the key index
// instead, asking `a.dataset = $dataset AND a.id IS NOT NULL`.

CREATE INDEX actor_name IF NOT EXISTS
FOR (a:Actor) ON (a.name);

// Names and aliases (a list of strings) for `graphkit query search_actors --param text=...`.
CREATE FULLTEXT INDEX actor_names IF NOT EXISTS
FOR (a:Actor) ON EACH [a.name, a.aliases];
