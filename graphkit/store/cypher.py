"""Cypher kept in files: `store/cypher/<name>.cypher`, read by name.

Keeping Cypher in files (never in f-strings) keeps it readable, reviewable and parameterised:
values always travel as `$parameters`. The folder ships inside the package, so a plain
`pip install` finds it too. Problems with a query (an unknown name, a missing or unknown
parameter) are `QueryError`s.

A relationship property index serves one relationship type, and Cypher takes no type as a
parameter where it matters (schema commands; index seeks need the types written out). So the
types of the vocabulary are written in, checked names only: a statement of `schema.cypher` that
says ``<TYPE>`` is applied once per relationship type, with the type in its place, and ``<TYPES>``
in any file stands for all of them (``MEMBER_OF|LEADS|...``).

Top-level files are the named queries users run with `graphkit query NAME`; each starts with a
header comment: a one-line description, then its parameters (each with its type: text, integer,
boolean or list of text) and an example::

    // Who an actor is and everyone within $depth hops.
    //
    // Parameters:
    //   $actor    actor id, name or alias (text, required)
    //   $depth    hops, 1 to 3 (integer, default: 1)
    //
    // Example:
    //   graphkit query actor_profile --param actor=anwar-ibrahim

A load writes in batches into a staged version that no reader may see until one small
transaction makes it current (`GraphkitLoad` nodes, `gk_load` and `gk_replaced` on what loads
write and replace). Every file that reads Actors, Sources or relationships says so with two
placeholders, written out here like ``<TYPES>``: ``<STAGING>`` (at the start of the statement, or
of each branch of a UNION) binds ``staging``, the loads as the statement finds them (`STAGING_CYPHER`), and
``<VISIBLE a, r, b>`` is true when each element named is visible (`visibility_predicate`). What
the placeholders become is plain Cypher, so a query users copy sees what graphkit's commands see.

A dataset may bring named queries of its own, `queries/NAME.cypher` in its folder, in the same
form (`graphkit query NAME --dataset-dir FOLDER`): they add to graphkit's and never take a shipped
query's name, ``<TYPES>`` in them counts the types the dataset's vocabulary.yaml adds,
``<STAGING>`` and ``<VISIBLE ...>`` work in them too, and they run under the same read-only rules
as any other query.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from graphkit.errors import QueryError

_NAME = re.compile(r"^[a-z0-9_]+(?:/[a-z0-9_]+)*$")
_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_PARAMETER = re.compile(r"^\$(\w+)\s+(.*?)\s*\((text|integer|boolean|list of text), (required|default: (.*))\)\s*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
INT64 = (-(2**63), 2**63 - 1)
"""The integers Neo4j holds (64 bits)."""
NOT_NAMED = {"schema"}  # top-level files that are not named queries
TYPE, TYPES = "<TYPE>", "<TYPES>"
"""Where a relationship type of the vocabulary, or all of them, is written in."""
STAGING = "<STAGING>"
"""Where a reader's view of the loads is read, as `staging` (see `STAGING_CYPHER`)."""
STAGING_CYPHER = ("OPTIONAL MATCH (known:GraphkitLoad)\n"
                  "WITH [-1 - coalesce(max(known.number), 0)] + "
                  "collect(CASE WHEN known.state = 'staging' THEN known.number END) AS staging")
"""The loads as the statement finds them when it starts: the numbers of those still staging,
after a first item that is minus one minus the highest load number then (its "horizon"). Loads
are numbered upwards, so one opened while the statement runs has a higher number: what it
writes is not seen, what it marks replaced still is. The first item is below zero, so no load
number is ever found among the staging ones because of it."""
_VISIBLE = re.compile(r"<VISIBLE\s+([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*>")


def parameter_value(text: str) -> Any:
    """A query parameter typed from its text: JSON (null, booleans, numbers, lists, maps, "quoted
    text"), an ISO date (a Neo4j DATE), else the text itself.

    >>> [parameter_value(t) for t in ("null", "true", "3", "-2.5", "2023-10-31", '["a", 1]', "Hamas")]
    [None, True, 3, -2.5, datetime.date(2023, 10, 31), ['a', 1], 'Hamas']
    >>> parameter_value('"2023"'), parameter_value("2023-10"), parameter_value("007"), parameter_value("NaN")
    ('2023', '2023-10', '007', 'NaN')
    >>> parameter_value("2023-02-30")
    Traceback (most recent call last):
    ...
    graphkit.errors.QueryError: '2023-02-30' is not a real date (day is out of range for month)
    >>> parameter_value("99999999999999999999")
    Traceback (most recent call last):
    ...
    graphkit.errors.QueryError: 99999999999999999999 is too large: Neo4j's integers are 64-bit (-9223372036854775808 to 9223372036854775807)
    """
    if text not in ("NaN", "Infinity", "-Infinity"):
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            pass
        else:
            _check_integers(value)
            return value
    if _DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError as error:
            raise QueryError(f"{text!r} is not a real date ({error})", hint="write a day as YYYY-MM-DD") from None
    return text


def _check_integers(value: Any) -> None:
    """Refuse an integer Neo4j cannot hold, anywhere in a JSON value."""
    if isinstance(value, int) and not isinstance(value, bool) and not INT64[0] <= value <= INT64[1]:
        raise QueryError(f"{value} is too large: Neo4j's integers are 64-bit ({INT64[0]} to {INT64[1]})",
                         hint="give a smaller number, or the text in quotes")
    for item in value.values() if isinstance(value, dict) else value if isinstance(value, list) else ():
        _check_integers(item)


def cypher_folder():
    """The folder of .cypher files, as an `importlib.resources` traversable."""
    return resources.files("graphkit.store") / "cypher"


def is_query_name(text: str) -> bool:
    """Whether `text` has the form of a query name (not whether such a query exists).

    >>> is_query_name("actor_profile"), is_query_name("status/datasets"), is_query_name("MATCH (n) RETURN n")
    (True, True, False)
    """
    return bool(_NAME.match(text))


def load_cypher(name: str) -> str:
    """The text of the named query, e.g. `status/datasets` for `cypher/status/datasets.cypher`.

    >>> load_cypher("status/components").splitlines()[0].startswith("//")
    True
    >>> load_cypher("status/nope")
    Traceback (most recent call last):
    ...
    graphkit.errors.QueryError: no Cypher query named 'status/nope' (expected cypher/status/nope.cypher)
    """
    return written_out(_file_text(name))


def written_out(text: str) -> str:
    """A file's text with its placeholders written out: ``<TYPES>`` (the vocabulary's types),
    ``<STAGING>`` and ``<VISIBLE ...>`` (what a reader may see while a load stages).

    >>> print(written_out("<STAGING>\\nMATCH (a:Actor) WHERE <VISIBLE a> RETURN a.id"))  # doctest: +ELLIPSIS
    OPTIONAL MATCH (known:GraphkitLoad)
    WITH [-1 - coalesce(max(known.number), 0)] + collect(...) AS staging
    MATCH (a:Actor) WHERE (NOT coalesce(a.gk_load, 0) IN staging AND ...) RETURN a.id
    """
    text = text.replace(TYPES, "|".join(relationship_types())).replace(STAGING, STAGING_CYPHER)
    return _VISIBLE.sub(lambda match: visibility_predicate(*re.split(r"\s*,\s*", match.group(1))), text)


def visibility_predicate(*names: str) -> str:
    """The Cypher that is true when the elements `names` (variables: nodes or relationships) are
    visible, given `staging` (bound by ``<STAGING>``, see `STAGING_CYPHER`): an element is visible
    unless a load still staging, or one opened since the statement began, wrote it (`gk_load`), or
    a load made current before it began replaced it (`gk_replaced`). Elements written before loads
    were versioned have neither. Loads are numbered from 1, so 0 stands for "none"; said without
    OR, so that the planner still seeks the indexes of the other conditions (an OR on a
    relationship keeps it from them). `read.visible` is the same rule in Python.

    >>> print(visibility_predicate("r").replace(" AND ", "\\nAND "))
    (NOT coalesce(r.gk_load, 0) IN staging
    AND coalesce(r.gk_load, 0) < -staging[0]
    AND CASE WHEN coalesce(r.gk_replaced, 0) < -staging[0] THEN coalesce(r.gk_replaced, 0) ELSE 0 END IN [0] + staging)
    >>> visibility_predicate("a", "b").count(" IN ") == 4
    True
    """
    def one(name: str) -> str:
        written, replaced = f"coalesce({name}.gk_load, 0)", f"coalesce({name}.gk_replaced, 0)"
        return (f"(NOT {written} IN staging AND {written} < -staging[0] AND "
                f"CASE WHEN {replaced} < -staging[0] THEN {replaced} ELSE 0 END IN [0] + staging)")

    return " AND ".join(map(one, names))


@functools.cache
def _file_text(name: str) -> str:
    """A file's text as shipped; the types are written in on each use, by the vocabulary in force."""
    if not is_query_name(name):
        raise QueryError(f"{name!r} is not a query name like 'status/datasets'")
    path = cypher_folder().joinpath(*f"{name}.cypher".split("/"))
    if not path.is_file():
        raise QueryError(f"no Cypher query named {name!r} (expected cypher/{name}.cypher)")
    return path.read_text(encoding="utf-8")


def relationship_types() -> list[str]:
    """The relationship types of the vocabulary, as they are written into Cypher.

    >>> "MEMBER_OF" in relationship_types()
    True
    """
    from graphkit.vocabulary import vocabulary

    names = list(vocabulary().relationship_types)
    bad = [name for name in names if not _IDENTIFIER.match(name)]
    if bad:  # the vocabulary checks its names; this keeps Cypher safe whatever it becomes
        raise QueryError(f"relationship type {bad[0]!r} cannot be written into Cypher",
                         hint="a type is letters, digits and _")
    return names


def schema_statements() -> list[str]:
    """The statements of `schema.cypher`, each that says ``<TYPE>`` once per relationship type.

    >>> per_type = [s for s in statements(load_cypher("schema")) if TYPE in s]
    >>> sum("[r:MEMBER_OF]" in statement for statement in schema_statements()) == len(per_type) > 0
    True
    """
    found = []
    for statement in statements(load_cypher("schema")):
        found.extend([statement.replace(TYPE, name) for name in relationship_types()] if TYPE in statement
                     else [statement])
    return found


def statements(text: str) -> list[str]:
    """The statements of a file of several, each ended by a `;` at the end of a line.

    Whole-line `//` comments are dropped.

    >>> statements("// two\\nCREATE INDEX a IF NOT EXISTS\\nFOR (n:A) ON (n.x);\\n\\nRETURN 1;\\n")
    ['CREATE INDEX a IF NOT EXISTS\\nFOR (n:A) ON (n.x)', 'RETURN 1']
    """
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("//")]
    parts = re.split(r";[ \t]*$", "\n".join(lines), flags=re.MULTILINE)
    return [part.strip() for part in parts if part.strip()]


@dataclass(frozen=True)
class Parameter:
    """A parameter a named query's header declares: its type (text, integer, boolean, list of text)."""

    name: str
    description: str
    required: bool
    default: Any = None
    type: str = "text"

    def check(self, query: str, value: Any) -> Any:
        """`value` as this parameter takes it: a number or date given for text becomes its text;
        a value of another type is a `QueryError` (never passed on to be read as something else).

        >>> Parameter("depth", "hops", False, 1, "integer").check("actor_profile", "1 DETACH DELETE n")
        Traceback (most recent call last):
        ...
        graphkit.errors.QueryError: query 'actor_profile': $depth is an integer, not '1 DETACH DELETE n'
        >>> statuses = Parameter("statuses", "", False, None, "list of text")
        >>> Parameter("actor", "id", True).check("q", 2023), statuses.check("q", None)
        ('2023', None)
        """
        if value is None and not self.required and self.default is None:
            return None
        if self.type == "text" and isinstance(value, (int, float, dt.date)) and not isinstance(value, bool):
            return value.isoformat() if isinstance(value, dt.date) else json.dumps(value)
        fits = {"text": lambda v: isinstance(v, str),
                "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
                "boolean": lambda v: isinstance(v, bool),
                "list of text": lambda v: isinstance(v, list) and all(isinstance(item, str) for item in v)}
        if not fits[self.type](value):
            article = "an" if self.type[0] in "aeiou" else "a"
            shown = json.dumps(value, default=str) if not isinstance(value, str) else repr(value)
            raise QueryError(f"query {query!r}: ${self.name} is {article} {self.type}, not {shown}",
                             hint=f"e.g. --param {self.name}={_EXAMPLES[self.type]}")
        return value


_EXAMPLES = {"text": "hamas", "integer": "2", "boolean": "true", "list of text": '\'["confirmed", "reported"]\''}


@dataclass(frozen=True)
class NamedQuery:
    """A query of `cypher/`, with what its header comment says about it."""

    name: str
    description: str
    text: str
    parameters: tuple[Parameter, ...] = field(default=())
    example: str = ""

    def arguments(self, given: dict[str, Any]) -> dict[str, Any]:
        """`given` with the defaults of the parameters not given; a parameter the query does not
        take, or a required one missing, is a `QueryError`.

        >>> named_query("brokers").arguments({"a": "malaysia", "c": 1})
        Traceback (most recent call last):
        ...
        graphkit.errors.QueryError: query 'brokers' takes no parameter 'c'
        >>> try:
        ...     NamedQuery("mine", "", "RETURN $actor").arguments({"actor": "x"})
        ... except QueryError as error:
        ...     print(error.hint)
        its header declares none; list them under '// Parameters:', one a line, like '//   $actor  what it is (text, required)'
        """
        takes = [p.name for p in self.parameters]
        unknown = sorted(set(given) - set(takes))
        if unknown:
            form = f"'//   ${unknown[0]}  what it is (text, required)'"
            raise QueryError(f"query {self.name!r} takes no parameter {unknown[0]!r}",
                             hint=f"it takes: {', '.join(takes)}" if takes else
                             f"its header declares none; list them under '// Parameters:', one a line, like {form}")
        missing = [p.name for p in self.parameters if p.required and p.name not in given]
        if missing:
            names = ", ".join(f"--param {name}=..." for name in missing)
            raise QueryError(f"query {self.name!r} needs {names}", hint="see `graphkit query --list`")
        defaults = {p.name: p.default for p in self.parameters if not p.required}
        declared = {p.name: p for p in self.parameters}
        return {**defaults, **{name: declared[name].check(self.name, value) for name, value in given.items()}}


def named_query(name: str, dataset_dir: str | Path | None = None) -> NamedQuery:
    """The named query `name`, with the parameters its header declares: one graphkit ships, or
    one of the dataset in `dataset_dir` (its `queries/NAME.cypher`).

    >>> query = named_query("actor_profile")
    >>> query.parameters[0].name, query.parameters[0].required
    ('actor', True)
    """
    local = dataset_queries(dataset_dir).get(name) if dataset_dir is not None else None
    if local is not None:
        return _named(name, written_out(local.read_text(encoding="utf-8")),
                      f"{DATASET_QUERIES}/{name}.cypher of {dataset_dir}")
    if "/" in name or name in NOT_NAMED or not cypher_folder().joinpath(f"{name}.cypher").is_file():
        raise QueryError(f"no named query {name!r}",
                         hint="`graphkit query --list` lists them (a Cypher statement goes in quotes)")
    return _named(name, load_cypher(name), f"cypher/{name}.cypher")


def _named(name: str, text: str, where: str) -> NamedQuery:
    """A named query from its text, reading the parameters its header declares; its description
    is the header's first paragraph, however many lines it takes."""
    header = []
    for line in text.splitlines():
        if not line.startswith("//"):
            break
        header.append(line[2:].strip())
    first = itertools.takewhile(lambda line: line and line.rstrip(":") not in ("Parameters", "Example"), header)
    description = " ".join(first)
    parameters, example, section = [], "", None
    for line in header[1:]:
        if line.rstrip(":") in ("Parameters", "Example"):
            section = line.rstrip(":")
        elif section == "Parameters" and line.startswith("$"):
            match = _PARAMETER.match(line)
            if not match:
                raise QueryError(f"{where}: cannot read parameter line {line!r}",
                                 hint="write it like: //   $depth  hops (integer, default: 1)")
            pname, what, type_, kind, default = match.groups()
            parameters.append(Parameter(pname, what, kind == "required",
                                        None if kind == "required" else parameter_value(default), type_))
        elif section == "Example" and line and not example:
            example = line
    return NamedQuery(name, description, text, tuple(parameters), example)


def named_queries(dataset_dir: str | Path | None = None) -> list[NamedQuery]:
    """Every named query, by name: those graphkit ships, then those of the dataset in `dataset_dir`."""
    names = sorted(
        entry.name[: -len(".cypher")] for entry in cypher_folder().iterdir()
        if entry.is_file() and entry.name.endswith(".cypher")
    )
    shipped = [named_query(name) for name in names if name not in NOT_NAMED]
    local = dataset_queries(dataset_dir) if dataset_dir is not None else {}
    return shipped + [named_query(name, dataset_dir) for name in local]


DATASET_QUERIES = "queries"
"""The folder of a dataset's own named queries (`<dataset>/queries/NAME.cypher`)."""


def dataset_queries(dataset_dir: str | Path) -> dict[str, Path]:
    """The files of a dataset's own named queries, by name. They add to graphkit's named queries:
    one named like a shipped query, or with a name that is not lowercase letters, digits and _,
    is a `QueryError` naming its file."""
    folder = Path(dataset_dir)
    if not folder.is_dir():
        raise QueryError(f"--dataset-dir {folder}: no such folder", hint="give the dataset's folder")
    found = {}
    for file in sorted((folder / DATASET_QUERIES).glob("*.cypher")):
        name = file.name[: -len(".cypher")]
        if not is_query_name(name) or "/" in name:
            raise QueryError(f"{file}: {name!r} is not a query name",
                             hint="name the file with lowercase letters, digits and _, e.g. who_advises.cypher")
        if name in NOT_NAMED or cypher_folder().joinpath(f"{name}.cypher").is_file():
            raise QueryError(f"{file}: a dataset's query cannot redefine graphkit's named query {name!r}",
                             hint="give it another name")
        found[name] = file
    return found
