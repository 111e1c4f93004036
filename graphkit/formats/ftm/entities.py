"""An FtM JSON-lines file read into the FtM model's entities, each with where it is and what it says."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from graphkit.errors import FormatError
from graphkit.formats.ftm import ftm_model
from graphkit.model import PartialDate


def read_entities(path: str | Path) -> Iterable[tuple[int, Any, dict]]:
    """The FtM entities of a JSON-lines file with their line numbers and their properties as written
    (the FtM model cleans values even when asked not to: a date of ``2008/2009`` becomes ``2008``),
    checked against the FtM model. An id given twice is refused: fragments of one entity are not
    merged here (the second would silently replace the first)."""
    model = ftm_model()
    path = Path(path)
    lines: dict[str, int] = {}
    with open(path, encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except ValueError as error:
                raise FormatError(f"{path}:{number}: not JSON ({error}); each line is one FtM entity") from None
            if not isinstance(data, dict) or not data.get("id"):
                raise FormatError(f"{path}:{number}: field 'id': an FtM entity is a JSON object with an id")
            where = f"{path}:{number}: record {data['id']!r}"
            if not isinstance(data.get("schema"), str) or model.get(data["schema"]) is None:
                raise FormatError(f"{where}: field 'schema': {data.get('schema')!r} is no FtM schema "
                                     "(Person, Organization, Membership, ...)")
            try:
                entity = model.get_proxy(data, cleaned=False)
            except Exception as error:  # the FtM model's own errors (bad property names or values)
                raise FormatError(f"{where}: {error}") from None
            if (earlier := lines.setdefault(entity.id, number)) != number:  # the id as the model reads it
                raise FormatError(f"{where}: field 'id': also the id of line {earlier}; fragments of one entity "
                                  "are not merged here", hint="merge them first, e.g. with `ftm aggregate`")
            properties = data.get("properties")
            yield number, entity, properties if isinstance(properties, dict) else {}


_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d")


def written_date(value: Any) -> PartialDate | None:
    """A date as the FtM file writes it, None if it is none: a time is cut off at the day as
    written (never moved to another day by its time zone); what graphkit reads beyond FtM's plain
    dates (``1960?``, ``2008/2009``) keeps its uncertainty.

    >>> [written_date(text) for text in ("2020-12-31T22:00:00-05:00", "2008/2009", "1960?", "May 2020")]
    [PartialDate(text='2020-12-31'), PartialDate(text='2008/2009'), PartialDate(text='1960?'), None]
    """
    if not isinstance(value, str):
        return None
    text = match.group(1) if (match := _TIME.match(value.strip())) else value.strip()
    try:
        return PartialDate.parse(text)
    except ValueError:
        return None
