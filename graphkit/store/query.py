"""Running one Cypher statement, read-only unless asked to write.

Without `write`, a statement runs only if the server's own plan says it is a plain read: the
statement is first planned with EXPLAIN (nothing runs), then refused unless its query type is
read-only and no step of its plan reaches outside the graph (LOAD CSV reads the server's files
and fetches URLs; SHOW and TERMINATE commands see and stop other users' work; administration,
schema and DBMS procedures are typed as such by the server). A read-only session is the second
fence: whatever got past the plan still cannot write.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graphkit.errors import QueryError

if TYPE_CHECKING:
    import neo4j

ACCESS_MODE = "Neo.ClientError.Statement.AccessMode"
"""The server's code for a write refused in a read-only transaction."""

EXECUTION_MODE = "Neo.ClientError.Statement.ArgumentError"
"""The server's code when EXPLAIN meets a statement that names its own mode (PROFILE)."""

WRITE_HINT = "re-run with --write if you mean it"
NOT_A_READ_HINT = f"without --write graphkit runs plain reads of the graph only; {WRITE_HINT}"

EXPLAIN = "EXPLAIN\n"
"""Put before a statement to plan it: on a line of its own, so the server's error positions stay readable."""
_POSITION = re.compile(r"\(line (\d+), column (\d+) \(offset: (\d+)\)\)")

COMMAND_OPERATORS = ("Show", "Terminate")
"""Plan operators of the SHOW ... and TERMINATE ... commands (a read query type, yet not a read of the graph)."""

SERVER_STATE_PROCEDURES = ("db.stats.", "db.resample", "db.prepareForReplanning", "db.checkpoint")
"""Procedures the server types as reads that start, stop or read its own collections (another
session's queries among them) or its statistics: not a plain read of the graph."""
OUTSIDE_OPERATORS = {
    "LoadCSV": "uses LOAD CSV, which makes the server read its files or fetch URLs",
    "AdministrationCommand": "is an administration command of the system database",
}


@dataclass
class QueryResult:
    """The columns and rows of a query (driver values: nodes, relationships, paths, dates...)."""

    keys: list[str]
    records: list[tuple]
    truncated: bool = False  # more rows than `limit`


def refused_write(error: Exception) -> bool:
    """Whether a driver error is the server refusing a write in a read-only transaction."""
    return getattr(error, "code", None) == ACCESS_MODE


def plan_operators(plan: dict | None) -> list[tuple[str, str]]:
    """The (operator, details) of every step of a plan, as the driver gives it, root first.

    >>> plan_operators({"operatorType": "ProduceResults@neo4j", "args": {"Details": "l"},
    ...                 "children": [{"operatorType": "LoadCSV@neo4j", "args": {}, "children": []}]})
    [('ProduceResults', 'l'), ('LoadCSV', '')]
    """
    if not plan:
        return []
    operator = str(plan.get("operatorType", "")).split("@")[0]
    found = [(operator, str((plan.get("args") or {}).get("Details") or ""))]
    for child in plan.get("children") or []:
        found.extend(plan_operators(child))
    return found


def why_not_a_read(query_type: str | None, operators: list[tuple[str, str]]) -> str | None:
    """Why a planned statement is not a plain read (None if it is), from its query type and plan.

    >>> why_not_a_read("r", [("ProduceResults", "n"), ("AllNodesScan", "n")]) is None
    True
    >>> why_not_a_read("r", [("ProduceResults", "l"), ("TerminateTransactions", "transactions(x)")])
    'is an administration command (TerminateTransactions), not a plain read'
    >>> why_not_a_read("s", [("ProcedureCall", "db.clearQueryCaches() :: (value :: STRING)")])
    'calls db.clearQueryCaches(), a schema, administration or system procedure, not a plain read'
    >>> why_not_a_read("r", [("ProduceResults", "x"), ("ProcedureCall", "db.stats.collect($x) :: (a :: STRING)")])
    "calls db.stats.collect($x), which works on the server's own state, not a plain read"
    """
    if query_type in ("w", "rw"):
        return "writes to the database"
    for operator, details in operators:
        if operator == "ProcedureCall" and details.startswith(SERVER_STATE_PROCEDURES):
            return f"calls {details.split(' :: ')[0]}, which works on the server's own state, not a plain read"
    for operator, _ in operators:
        if operator in OUTSIDE_OPERATORS:
            return OUTSIDE_OPERATORS[operator]
        if operator.startswith(COMMAND_OPERATORS):
            return f"is an administration command ({operator}), not a plain read"
    if query_type != "r":
        calls = [details.split(" :: ")[0] for operator, details in operators if operator == "ProcedureCall"]
        if calls:
            return f"calls {calls[0]}, a schema, administration or system procedure, not a plain read"
        names = [operator for operator, _ in operators if operator != "ProduceResults"]
        what = f" ({names[0]})" if names else ""
        return f"is a schema, administration or system command{what}, not a plain read"
    return None


def unplanned_position(message: str) -> str:
    """The server's message about `EXPLAIN` + a statement, with positions in the statement as written.

    >>> unplanned_position("Variable `m` not defined (line 2, column 18 (offset: 25))")
    'Variable `m` not defined (line 1, column 18 (offset: 17))'
    """
    def shift(match: re.Match) -> str:
        line, column, offset = (int(group) for group in match.groups())
        return f"(line {line - 1}, column {column} (offset: {offset - len(EXPLAIN)}))"

    return _POSITION.sub(shift, message)


def check_read_only(session: "neo4j.Session", cypher: str, parameters: dict[str, Any]) -> None:
    """Refuse, before it runs, a statement the server does not plan as a plain read (`QueryError`)."""
    import neo4j

    try:
        summary = session.run(EXPLAIN + cypher, parameters).consume()
    except neo4j.exceptions.ClientError as error:
        if error.code == EXECUTION_MODE:
            raise QueryError("This query names its own execution mode (PROFILE), so it cannot be checked "
                             "before it runs", hint=f"use EXPLAIN to see its plan, or {WRITE_HINT}") from error
        raise QueryError(f"Neo4j cannot run this query: {error.code}: {unplanned_position(error.message)}") from error
    reason = why_not_a_read(summary.query_type, plan_operators(summary.plan))
    if reason == "writes to the database":
        raise QueryError("This query writes to the database", hint=WRITE_HINT)
    if reason:
        raise QueryError(f"This query {reason}", hint=NOT_A_READ_HINT)


def run_query(driver: "neo4j.Driver", database: str | None, cypher: str, parameters: dict[str, Any] | None = None,
              *, write: bool = False, limit: int | None = None) -> QueryResult:
    """Run `cypher` (see `Store.query`)."""
    import neo4j

    mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
    with driver.session(database=database, default_access_mode=mode) as session:
        try:
            if not write:
                check_read_only(session, cypher, parameters or {})
            result = session.run(cypher, parameters or {})
            keys = list(result.keys())
            records = [tuple(record) for record in itertools.islice(result, limit)]
            truncated = limit is not None and result.peek() is not None
            result.consume()
        except neo4j.exceptions.ClientError as error:
            if refused_write(error):
                raise QueryError("This query writes to the database", hint=WRITE_HINT) from error
            raise
    return QueryResult(keys, records, truncated)


# --- named queries: what `query --list` tells, and actors named in parameters -------------------

ACTOR_PARAMETER = "actor id, name or alias"
"""How a named query's header describes a parameter that names an actor (checked for "did you mean")."""
_USED = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def description(text: str) -> str:
    """A named query's whole description: its header comment up to `Parameters:` (or `Example:`),
    paragraphs kept apart by an empty line.

    >>> print(description("// One line.\\n//\\n// More, on\\n// two lines.\\n//\\n// Parameters:\\n//   $a  x (text, required)\\nRETURN $a"))
    One line.
    <BLANKLINE>
    More, on two lines.
    """
    paragraphs, current = [], []
    for line in text.splitlines():
        if not line.startswith("//"):
            break
        line = line[2:].strip()
        if line.rstrip(":") in ("Parameters", "Example"):
            break
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def used_parameters(text: str) -> set[str]:
    """The `$parameters` a statement uses (outside `//` comments). A named query declares its
    parameters in its header, with their types and defaults; this finds those it uses, so that
    a test holds the two together.

    >>> sorted(used_parameters("// $not_this\\nMATCH (a {id: $actor}) WHERE $dataset IS NULL RETURN a"))
    ['actor', 'dataset']
    """
    code = "\n".join(line.split("//")[0] if not line.lstrip().startswith("//") else "" for line in text.splitlines())
    return set(_USED.findall(code))


def actor_parameters(named) -> list[str]:
    """The parameters of a named query (`store.cypher.NamedQuery`) that name an actor."""
    return [p.name for p in named.parameters if p.description.startswith(ACTOR_PARAMETER)]


def check_actors(driver: "neo4j.Driver", database: str | None, named, arguments: dict[str, Any]) -> None:
    """Refuse an actor parameter of a named query that names no actor (an id, name or alias,
    exactly as the query matches them; in `arguments["dataset"]` if given), with the actors it
    may have meant (`ActorNotFound`). A query that found nothing calls this to say why.
    """
    import difflib

    import neo4j

    from graphkit.errors import ActorNotFound
    from graphkit.store.cypher import load_cypher

    wanted = {name: arguments[name] for name in actor_parameters(named) if isinstance(arguments.get(name), str)}
    if not wanted:
        return
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        rows = session.run(load_cypher("read/actor_names"), dataset=arguments.get("dataset")).data()
    names: dict[str, list[tuple[str, str]]] = {}  # every id, name and alias, folded -> (text, actor id)
    labels = {row["id"]: row["name"] or row["id"] for row in rows}
    for row in rows:
        for text in [row["id"], row["name"], *(row["aliases"] or [])]:
            if text:
                names.setdefault(str(text).casefold(), []).append((str(text), row["id"]))
    for parameter, value in wanted.items():
        if any(text == value for text, _ in names.get(value.casefold(), ())):
            continue
        folded = [value.casefold()] if value.casefold() in names else difflib.get_close_matches(
            value.casefold(), list(names), n=3, cutoff=0.6)
        meant = list(dict.fromkeys(actor for text in folded for _, actor in names[text]))[:3]
        hint = f" (did you mean {' or '.join(f'{labels[actor]!r} ({actor})' for actor in meant)}?)" if meant else ""
        where = f" in dataset {arguments['dataset']!r}" if arguments.get("dataset") else ""
        raise ActorNotFound(f"query {named.name!r}: no actor called {value!r}{where} (${parameter}){hint}",
                            hint="ids, names and aliases match exactly; "
                                 "`graphkit query search_actors --param text=...` finds actors")
