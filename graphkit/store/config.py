"""Neo4j connection settings: the one place that reads them from the environment.

Explicit values (command-line options, notebook arguments) win over `NEO4J_URI`, `NEO4J_USER`,
`NEO4J_PASSWORD` and `NEO4J_DATABASE`, which win over the defaults below.

A URI may carry credentials (`bolt://user:password@host:7687`, percent-encoded where needed):
they are taken out of it and used as the user and password, winning over the other settings, so
that the URI graphkit keeps, shows and passes on never holds a secret.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_USER = "neo4j"
DEFAULT_DATABASE = "neo4j"

ENV_VARS = {
    "uri": "NEO4J_URI",
    "user": "NEO4J_USER",
    "password": "NEO4J_PASSWORD",
    "database": "NEO4J_DATABASE",
}


@dataclass(frozen=True)
class Neo4jConfig:
    """Where and as whom to connect. No password means no authentication (a server with auth off).

    The password never shows in `repr`, so a config can be logged or printed safely.

    >>> Neo4jConfig.from_env({"NEO4J_URI": "bolt://db:7687", "NEO4J_PASSWORD": "s3cret!"})
    Neo4jConfig(uri='bolt://db:7687', user='neo4j', database='neo4j')
    >>> Neo4jConfig.from_env({"NEO4J_USER": "ana"}, user="bo", password="").password is None
    True
    """

    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str | None = field(default=None, repr=False)
    database: str = DEFAULT_DATABASE

    def __post_init__(self) -> None:
        uri, user, password = split_credentials(self.uri)
        object.__setattr__(self, "uri", uri)
        if user:
            object.__setattr__(self, "user", user)
        if password:
            object.__setattr__(self, "password", password)

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, **overrides: str | None
    ) -> "Neo4jConfig":
        """Build from `environ` (default: `os.environ`); overrides that are None are ignored.

        >>> Neo4jConfig.from_env({"NEO4J_DATABASE": "movies"}, uri="neo4j://h:7687").database
        'movies'
        """
        unknown = set(overrides) - set(ENV_VARS)
        if unknown:
            raise TypeError(f"unknown Neo4j setting(s): {', '.join(sorted(unknown))}")
        environ = os.environ if environ is None else environ
        values = {}
        for name, var in ENV_VARS.items():
            value = overrides.get(name)
            if value is None:
                value = environ.get(var)
            if value:  # an empty variable counts as unset
                values[name] = value
        return cls(**values)

    @property
    def auth(self) -> tuple[str, str] | None:
        """Credentials for the driver, or None to connect without authentication."""
        return (self.user, self.password) if self.password else None

    def env(self) -> dict[str, str]:
        """The environment variables that reproduce this config, e.g. for a subprocess.

        No password is an empty `NEO4J_PASSWORD`, so that one inherited from elsewhere is not used.

        >>> env = Neo4jConfig(uri="bolt://127.0.0.1:7688").env()
        >>> env["NEO4J_URI"], env["NEO4J_PASSWORD"]
        ('bolt://127.0.0.1:7688', '')
        """
        return {var: getattr(self, name) or "" for name, var in ENV_VARS.items()}


def split_credentials(uri: str) -> tuple[str, str | None, str | None]:
    """The URI without its `user:password@` part, and the user and password it held (or None).

    Everything before the last `@` of the authority is taken, so a password with `@`, `:`, `/` or
    `#` in it never stays in the URI.

    >>> split_credentials("bolt://neo4j:s3cret@db.example.org:7687")
    ('bolt://db.example.org:7687', 'neo4j', 's3cret')
    >>> split_credentials("neo4j://ana:p%40ss:w/rd#1@db?policy=eu")
    ('neo4j://db?policy=eu', 'ana', 'p@ss:w/rd#1')
    >>> split_credentials("bolt://localhost:7687")
    ('bolt://localhost:7687', None, None)
    >>> Neo4jConfig(uri="bolt://bo:pw-from-uri@db:7687", password="other")
    Neo4jConfig(uri='bolt://db:7687', user='bo', database='neo4j')
    """
    scheme, found, rest = uri.partition("://")
    host_from = rest.rfind("@")
    if not found or host_from < 0:
        return uri, None, None
    user, _, password = rest[:host_from].partition(":")
    return f"{scheme}://{rest[host_from + 1:]}", unquote(user) or None, unquote(password) or None
