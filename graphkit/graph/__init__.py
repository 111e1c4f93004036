"""The one in-memory form: a networkx MultiDiGraph that analysis, the map and every format read.

Nodes are actor ids with the actor's fields (`NODE_ATTRIBUTES`); edges are keyed by relationship
id and carry the relationship's fields, its citations (each with its stance and when it became
known), when it was first reported, when it may have held and its status (`EDGE_ATTRIBUTES`);
the graph's `sources` maps source ids to their fields. Values are typed: partial dates are
`PartialDate`s, the bounds of valid time `datetime.date`s, lists and mappings themselves; only
writers turn them into text. Symmetric types are stored once, from `source` to `target`, with
``directed=False``.

- `form`: building the form from records;
- `slices`: filters and the two clocks (valid time, knowledge time);
- `project`: the simple graph analysis measures;
- `lookup`: actors by id, name or alias;
- `typed`: text read from files back in the form's types.
"""

from graphkit.graph.form import (
    BOUNDS,
    CITATION_ATTRIBUTES,
    DERIVED,
    EDGE_ATTRIBUTES,
    NODE_ATTRIBUTES,
    STRUCTURED,
    actor_attributes,
    dataset_to_graph,
    derived_status,
    first_reported,
    relationship_attributes,
    source_record,
    time_attributes,
)
from graphkit.graph.lookup import display_name, ego, resolve_actor
from graphkit.graph.project import project
from graphkit.graph.slices import UNDATED, as_known_by, filter_graph, holds, time_window
from graphkit.graph.typed import LIST_FIELDS, typed

__all__ = [
    "BOUNDS", "CITATION_ATTRIBUTES", "DERIVED", "EDGE_ATTRIBUTES", "NODE_ATTRIBUTES", "STRUCTURED", "LIST_FIELDS",
    "UNDATED", "actor_attributes", "dataset_to_graph", "derived_status", "first_reported",
    "relationship_attributes", "source_record", "time_attributes", "display_name", "ego", "resolve_actor",
    "project", "as_known_by", "filter_graph", "holds", "time_window", "typed",
]
