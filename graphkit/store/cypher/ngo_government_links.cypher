// NGOs linked to government officials: an NGO with a relationship, either way, to a person who
// is employed by, leads, represents or is a member of a government body.
//
// One row per link and office. Relationships of every status but denied count, unless
// $statuses says which.
//
// Parameters:
//   $statuses  statuses that count, e.g. ["confirmed", "reported"] (list of text, default: null)
//   $dataset   dataset name (text, default: null)
//
// Example:
//   graphkit query ngo_government_links
<STAGING>
MATCH (official:Person)-[office:EMPLOYED_BY|LEADS|REPRESENTS|MEMBER_OF]->(government:Government)
WHERE office.dataset = official.dataset AND ($dataset IS NULL OR official.dataset = $dataset)
  AND <VISIBLE official, office, government>
  AND CASE WHEN $statuses IS NULL THEN office.status <> 'denied' ELSE office.status IN $statuses END
MATCH (ngo:NGO)-[link]-(official)
WHERE link.dataset = official.dataset AND <VISIBLE ngo, link>
  AND CASE WHEN $statuses IS NULL THEN link.status <> 'denied' ELSE link.status IN $statuses END
RETURN ngo.id AS ngo,
       CASE WHEN link.directed = false THEN type(link) WHEN startNode(link) = ngo THEN type(link) + ' ->'
            ELSE '<- ' + type(link) END AS link,
       official.id AS official, type(office) AS office, office.role AS role,
       government.id AS government, link.id AS link_id, office.id AS office_id,
       official.dataset AS dataset
ORDER BY dataset, ngo, official, government, link_id
