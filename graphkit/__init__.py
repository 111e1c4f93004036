"""graphkit: dated, sourced political actor networks in Neo4j and networkx."""

__version__ = "0.1.0"
