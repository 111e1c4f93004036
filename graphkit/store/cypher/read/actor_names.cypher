// The id, name and aliases of every actor (of $dataset; of every dataset when it is null): what
// an actor parameter of a named query may say, to suggest the actor meant when it names none.
<STAGING>
MATCH (a:Actor)
WHERE ($dataset IS NULL OR a.dataset = $dataset) AND a.id IS NOT NULL AND <VISIBLE a>
RETURN a.id AS id, a.name AS name, coalesce(a.aliases, []) AS aliases
ORDER BY id
