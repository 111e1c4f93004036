// Find actors by name or alias (full-text: words in any order, any case; Lucene syntax such as
// anwar~ or "al-Qassam" works too), best match first. In that syntax + - && || ! ( ) { } [ ] ^ " ~ *
// ? : \ / have a meaning: a \ before one looks for the character itself (text=\[).
//
// Parameters:
//   $text     words to look for (text, required)
//   $limit    how many actors at most (integer, default: 20)
//   $dataset  dataset name (text, default: null)
//
// Example:
//   graphkit query search_actors --param text=anwar
<STAGING>
CALL db.index.fulltext.queryNodes('actor_names', $text) YIELD node, score
WHERE ($dataset IS NULL OR node.dataset = $dataset) AND <VISIBLE node>
RETURN node.id AS id, node.name AS name, node.kind AS kind, node.aliases AS aliases,
       round(score, 3) AS score, node.dataset AS dataset
ORDER BY score DESC, id
LIMIT $limit
