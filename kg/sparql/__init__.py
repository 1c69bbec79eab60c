"""The SPARQL 1.1 endpoint over the store (``kg serve``): see :mod:`kg.sparql.server`."""

from kg.sparql.server import ReopeningStore, create_app, running, serve

__all__ = ["create_app", "serve", "running", "ReopeningStore"]
