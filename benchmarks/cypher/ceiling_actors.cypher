// The actors the ceiling's relationships join, by element id.
UNWIND range(1, $n) AS i
CREATE (a:Actor:Person {dataset: 'ceiling', id: 'c' + toString(i), name: 'Actor ' + toString(i)})
RETURN collect(elementId(a)) AS ends
