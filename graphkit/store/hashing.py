"""The content hash of what a load writes (`gk_hash`): a reload compares it with the stored one on
the client and sends only what differs; the bulk CSV (`store.bulk_csv`) writes the same hashes, so a
load after a bulk import finds everything unchanged. The hash is of the JSON text of the property
map; changing how it is worked out must keep that text, or every stored record reads as changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from json.encoder import encode_basestring as _json_text  # a text as JSON (not ASCII-escaped)
from typing import Any


def content_hash(props: Mapping[str, Any]) -> str:
    """A stable hash of a property map as written (`gk_hash`). None is no property; a DATE is not
    its text. A relationship's map holds its type and its ends' hashes too (`type`, `from`, `to`).

    >>> content_hash({"id": "a", "start_min": dt.date(2020, 1, 1), "end": None})
    '2e94cc5c339c29f5500021600831bbb0'
    >>> content_hash({"start_min": "2020-01-01"}) != content_hash({"start_min": dt.date(2020, 1, 1)})
    True
    """
    return content_hashes({name: [value] for name, value in props.items()}, count=1)[0]


def content_hashes(columns: Mapping[str, list], count: int | None = None) -> list[str]:
    """`content_hash` of each record of `columns` (`count` of them, when there may be no column):
    the same JSON text, put together from each value's JSON text (texts and lists of texts by the
    JSON encoder's own C function, each distinct DATE or boolean once).

    >>> content_hashes({"id": ["a", "b"], "start_min": [dt.date(2020, 1, 1), None]})[0]
    '2e94cc5c339c29f5500021600831bbb0'
    """
    encode, blake2b = _HASHED_JSON.encode, hashlib.blake2b
    encoded = []
    for name in sorted(columns):
        key, column = encode(name) + ":", columns[name]
        kinds = set(map(type, column)) - {type(None)}
        texts = None
        if kinds <= {str}:
            texts = [None if value is None else key + _json_text(value) for value in column]
        elif kinds == {dt.date} or kinds == {bool}:
            known = {value: key + encode(value) for value in set(column) - {None}}
            texts = [known.get(value) for value in column]
        elif kinds == {list}:
            try:  # lists of texts, as most are
                texts = [None if value is None else key + "[" + ",".join(map(_json_text, value)) + "]"
                         for value in column]
            except TypeError:
                pass
        if texts is None:
            texts = [None if value is None else key + encode(value) for value in column]
        encoded.append(texts)
    if not encoded:
        encoded = [[None] * (count or 0)]
    return [blake2b(("{" + ",".join(filter(None, row)) + "}").encode(), digest_size=16).hexdigest()
            for row in zip(*encoded)]


_HASHED_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                                default=lambda d: {"date": d.isoformat()})  # a DATE is not its text
