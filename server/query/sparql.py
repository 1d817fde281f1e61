"""Running a SPARQL query against the store and writing its results in a chosen format."""

from typing import BinaryIO

import pyoxigraph as ox

from ..formats import RDF_FORMATS, RESULT_FORMATS, Format


def execute(store: ox.Store, query: str, *, union: bool = True):
    """Evaluate ``query``; the default graph is the union of all graphs unless ``union`` is off.

    Raises SyntaxError with the parser's message (and position) for a malformed query.
    """
    return store.query(query, use_default_graph_as_union=union)


def is_graph_result(result) -> bool:
    return isinstance(result, ox.QueryTriples)


def default_format(result) -> Format:
    return RDF_FORMATS["ttl"] if is_graph_result(result) else RESULT_FORMATS["json"]


def write(result, fmt: Format, out: BinaryIO) -> None:
    """Serialize ``result`` as ``fmt``; ValueError if the format does not fit the query form."""
    family = RDF_FORMATS if is_graph_result(result) else RESULT_FORMATS
    if fmt.name not in family:
        kind = "CONSTRUCT and DESCRIBE" if is_graph_result(result) else "SELECT and ASK"
        raise ValueError(f"{kind} results cannot be written as {fmt.name}: "
                         f"choose one of {', '.join(family)}")
    result.serialize(out, fmt.oxigraph)
