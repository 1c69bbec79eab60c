"""The SPARQL 1.1 endpoint over the store (``kg serve``): see :mod:`kg.sparql.server`.

Imports are lazy, so a query worker process (:mod:`kg.sparql.workers`) does not load the web stack.
"""

__all__ = ["create_app", "serve", "running", "ReopeningStore"]


def __getattr__(name: str):
    if name in __all__:
        from kg.sparql import server

        return getattr(server, name)
    raise AttributeError(f"module 'kg.sparql' has no attribute {name!r}")
