"""A new dataset folder (`graphkit init`): the four files, empty but valid, each with a worked
example in its comments, and a `vocabulary.yaml` that shows how a dataset adds its own types.

The examples are comments, never records: a dataset holds only what its curator cited.
"""

from __future__ import annotations

from pathlib import Path

from graphkit.dataset.records import METADATA
from graphkit.dataset.rules import dataset_name_problem
from graphkit.errors import GraphkitError, TargetExists
from graphkit.vocabulary import EXTENSION_FILE

_DATASET = """\
# What this dataset is. `graphkit validate {folder}` checks the whole folder.
name: {name}  # its id: every node in Neo4j carries it
title: {title}
description: >-
  Scope and curation rules: what is in, what is left out and why.
license: CC-BY-4.0
version: "0.1.0"
"""

_SOURCES = """\
# The documents (or registers) your claims come from, one entry per document. For example:
#
# - id: herald-2023-10-31        # short and unique in this dataset: citations name it
#   title: Coalition talks in Port Avalon
#   kind: news                   # news, academic, encyclopedia, government, ngo, register, other
#   publisher: The Avalon Herald
#   url: https://example.org/herald/2023/coalition-talks
#   published: "2023-10-31"      # when its words became known: YYYY, YYYY-MM or YYYY-MM-DD
#
# Add one with:
#   graphkit add source {folder} --id herald-2023-10-31 --title "Coalition talks" --kind news \\
#     --publisher "The Avalon Herald" --published 2023-10-31
[]
"""

_ACTORS = """\
# The people, governments, NGOs, groups and organisations, one entry per actor. For example:
#
# - id: mira-castell             # a stable slug, unique in this dataset
#   kind: Person                 # Person, Government, NGO, Group, Organization, Event, Position
#   name: Mira Castell
#   aliases: [M. Castell]
#   country: XA                  # ISO 3166-1 alpha-2
#   start: "1961-04-12"          # born or founded; `end`: died or dissolved
#   identifiers: {{wikidata: Q4115189}}
#
# Add one with:
#   graphkit add actor {folder} --id mira-castell --kind Person --name "Mira Castell"
[]
"""

_RELATIONSHIPS = """\
# Who is tied to whom, when, on whose word: one entry per claim. For example:
#
# - from: mira-castell
#   type: LEADS                  # a relationship type of the vocabulary (graphkit's, or vocabulary.yaml's)
#   to: green-harbour
#   start: "2015-06"             # or date (a point event), attested, after, before: what the text gives
#   end: "2021"
#   role: chair
#   sources:                     # each citation: the source's id and its words, verbatim
#     - source: herald-2023-10-31
#       quote: Castell chaired the movement from June 2015 until 2021.
#
# Add one with:
#   graphkit add relationship {folder} --from mira-castell --type LEADS --to green-harbour \\
#     --start 2015-06 --end 2021 --source herald-2023-10-31 \\
#     --quote "Castell chaired the movement from June 2015 until 2021."
# and a further citation with:
#   graphkit add citation {folder} --relationship mira-castell--leads--green-harbour--2015-06 \\
#     --source ledger-2024 --quote "its former chair, Mira Castell" --locator "p. 4"
[]
"""

_VOCABULARY = """\
# This dataset's own additions to graphkit's vocabulary (graphkit/vocabulary.yaml): actor kinds,
# relationship types and source kinds it needs and graphkit lacks. They add, never redefine: a
# name graphkit already has is an error. For example:
#
# relationship_types:
#   ADVISES:
#     description: Advises, formally or not (the role says in which capacity).
#     directed: true
#     from: [Person, Organization]
#     to: [Person, Government, Group, Organization]
#     family: advisory         # map colours group types by family
#     stance: positive         # optional: positive or negative (+1 / -1), for --stance and signed analysis
#
# Named queries of this dataset go in queries/NAME.cypher (`graphkit query --list --dataset-dir {folder}`).
"""


def init_dataset(folder: str | Path, *, title: str | None = None) -> Path:
    """Create a dataset folder whose name (the folder's) is the dataset's: its files empty but
    valid, each with a worked example in its comments. Refuses a folder that holds anything.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as parent:
    ...     sorted(path.name for path in init_dataset(Path(parent) / "port-avalon").iterdir())
    ['actors.yaml', 'dataset.yaml', 'relationships.yaml', 'sources.yaml', 'vocabulary.yaml']
    """
    folder = Path(folder)
    name = folder.resolve().name
    problem = dataset_name_problem(name)
    if problem:
        raise GraphkitError(f"{folder}: {problem}", hint="name the folder as the dataset, e.g. port-avalon")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise TargetExists(f"{folder} exists and is not an empty folder", hint="give a new folder")
    shown = str(folder)
    files = {METADATA: _DATASET, "sources.yaml": _SOURCES, "actors.yaml": _ACTORS,
             "relationships.yaml": _RELATIONSHIPS, EXTENSION_FILE: _VOCABULARY}
    title = title or name.replace("-", " ").replace("_", " ").capitalize()
    texts = {file: text.format(folder=shown, name=name, title=_quoted(title)) for file, text in files.items()}
    folder.mkdir(parents=True, exist_ok=True)
    for file, text in texts.items():
        (folder / file).write_text(text, encoding="utf-8")
    return folder


def _quoted(text: str) -> str:
    """A title as a YAML scalar that reads back as written.

    >>> _quoted("Port Avalon: who funds whom")
    '"Port Avalon: who funds whom"'
    """
    import json

    return json.dumps(text, ensure_ascii=False)
