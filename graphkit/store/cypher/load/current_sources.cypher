// The current version of a dataset's sources: id, content hash and element id of each, streamed.
MATCH (s:Source) WHERE s.dataset = $dataset AND s.id IS NOT NULL AND s.gk_replaced IS NULL
RETURN s.id AS id, s.gk_hash AS hash, elementId(s) AS element
