"""CSV files for Neo4j's bulk importer (``neo4j-admin database import full``): a new database at speed.
`graphkit export --format neo4j-csv` writes them; a dataset's own spreadsheet form (a CSV file per
table, for curators) is another thing: `graphkit convert DATASET --to csv`.

The import gives the same nodes, labels, relationships and properties as `graphkit load` of the
same data (the properties are those of `store.mapping`, which the load writes too), in five files
with the importer's headers:

- `actors.csv`: ``:ID(Actor)`` (``<dataset>:<id>``, so datasets can be imported together),
  ``:LABEL`` (``Actor`` and the kind: ``Actor|Person``), then the actor's properties;
- `sources.csv`: ``:ID(Source)``, ``:LABEL`` (``Source``), then the source's properties;
- `datasets.csv`: the ``(:Dataset)`` node with the dataset's metadata;
- `relationships.csv`: ``:START_ID(Actor)``, ``:END_ID(Actor)``, ``:TYPE`` (the relationship type),
  then its properties (citation i is ``source_ids[i]``, ``quotes[i]``, ``stances[i]``, ...; the
  bounds of valid time and `known_from` are DATEs);
- `cites.csv`: ``(:Source)-[:CITES {dataset, relationships}]->(:Actor)`` for every actor at an end
  of a relationship the source supports.

Columns are typed (``earliest_start:date``, ``aliases:string[]``, ``directed:boolean``,
``amount:double``); lists use U+001F (the unit separator) between values, which also separates
labels: import with ``--array-delimiter=U+001F``. No dataset's text may hold a control character,
so every quote is written as it is, ``|`` and ``;`` included (a list item holding U+001F, from a
file `validate` never saw, is refused). An empty cell is a missing property; a text may span
lines (``--multiline-fields``). For example::

    neo4j-admin database import full neo4j --array-delimiter=U+001F --multiline-fields=true \\
        --nodes=actors.csv --nodes=sources.csv --nodes=datasets.csv \\
        --relationships=relationships.csv --relationships=cites.csv

Then apply graphkit's schema (`graphkit schema` does it, as does `graphkit load`). `graphkit load
--bulk` does all of this for a new database, in the versioned shape a later `graphkit load` reads.

The files are written as a stream (`store.bulk_csv`): memory holds the graph, never a file.
`store.bulk_columns` writes the same files from a CSV folder's columns, without the graph form:
what `graphkit export FOLDER --format neo4j-csv` does when it can.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from graphkit.store.bulk_csv import ARRAY_DELIMITER, FILES, write_files

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["ARRAY_DELIMITER", "FILES", "write"]


def write(graph: "nx.MultiDiGraph", folder: Path) -> list[Path]:
    """Write the graph as the bulk importer's CSV files into `folder` (made if missing); the files
    written. They appear only once all are written, so data the format cannot hold writes nothing.

    One dataset at a time: its name is the graph's. Rows are sorted by id.

    >>> import datetime as dt, tempfile
    >>> import networkx as nx
    >>> from graphkit.model import PartialDate
    >>> g = nx.MultiDiGraph(name="demo", sources={"s": {"id": "s", "title": "T", "published": PartialDate.parse("2013")}})
    >>> g.add_node("a", kind="Person", name="A", aliases=["Ay", "Aa"])
    >>> g.add_node("b", kind="Group", name="B", start=PartialDate.parse("2009-04"))
    >>> _ = g.add_edge("a", "b", key="r", id="r", type="MEMBER_OF", directed=True, status="reported",
    ...                first_reported=PartialDate.parse("2013"), latest_start=dt.date(2013, 12, 31), timing="undated",
    ...                citations=[{"source": "s", "quote": "A, of B", "stance": "asserts", "known": PartialDate.parse("2013")}])
    >>> folder = Path(tempfile.mkdtemp())
    >>> [path.name for path in write(g, folder)] == list(FILES)
    True
    >>> print((folder / "actors.csv").read_text().replace(ARRAY_DELIMITER, "<US>"), end="")
    :ID(Actor),:LABEL,id,dataset,kind,name,aliases:string[],start,start_min:date
    demo:a,Actor<US>Person,a,demo,Person,A,Ay<US>Aa,,
    demo:b,Actor<US>Group,b,demo,Group,B,,2009-04,2009-04-01
    >>> print((folder / "relationships.csv").read_text(), end="")  # doctest: +NORMALIZE_WHITESPACE
    :START_ID(Actor),:END_ID(Actor),:TYPE,id,dataset,directed:boolean,status,first_reported,latest_start:date,timing,source_ids:string[],quotes:string[],stances:string[],known_dates:string[],known_from:date,known_days:string[],known_statuses:string[]
    demo:a,demo:b,MEMBER_OF,r,demo,true,reported,2013,2013-12-31,undated,s,"A, of B",asserts,2013,2013-12-31,2013-12-31,reported
    >>> print((folder / "cites.csv").read_text(), end="")
    :START_ID(Source),:END_ID(Actor),:TYPE,dataset,relationships:string[]
    demo:s,demo:a,CITES,demo,r
    demo:s,demo:b,CITES,demo,r
    """
    return write_files(graph, folder)

