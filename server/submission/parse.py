"""Reading a submission safely: RDF in any of six syntaxes, and nothing fetched, ever.

- RDF/XML is screened by defusedxml before pyoxigraph reads it: a document that declares
  entities (the "billion laughs") or refers to external ones is refused, because pyoxigraph's
  RDF/XML parser expands internal entities as it reads.
- JSON-LD never fetches a remote ``@context``: the few well-known contexts in
  ``contexts/`` (schema.org) are put in from the local copy, and any other context named by
  IRI (or ``@import``) is refused with the IRI and what to do instead.
- Syntax errors carry the parser's message with line and column.

>>> parsed = parse(b'<https://w3id.org/techties/id/state/x> <http://e/p> "x" .', "nt")
>>> len(parsed.quads)
1
"""

import json
import re
import xml.sax
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import defusedxml
import defusedxml.sax
import pyoxigraph as ox

from ..formats import RDF_FORMATS, Format, lookup

CONTEXTS = Path(__file__).parent / "contexts"
KNOWN_CONTEXTS = {
    iri: "schema.org.jsonld"
    for iri in ("http://schema.org", "https://schema.org", "http://schema.org/",
                "https://schema.org/", "http://schema.org/docs/jsonldcontext.jsonld",
                "https://schema.org/docs/jsonldcontext.jsonld",
                "http://schema.org/docs/jsonldcontext.json",
                "https://schema.org/docs/jsonldcontext.json")
}
"""Context IRIs served from a local copy; every other context IRI is refused."""


class ParseError(ValueError):
    """The submission cannot be read: the parser's message, and where (line and column)."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        self.message, self.line, self.column = message, line, column
        where = f"line {line}, column {column}: " if line is not None else ""
        super().__init__(where + message)

    def __reduce__(self):  # pickled as made (a check in a worker raises it to the server)
        return type(self), (self.message, self.line, self.column)


class EmptySubmission(ParseError):
    def __init__(self):
        super().__init__("the submission is empty: send at least one triple")

    def __reduce__(self):
        return EmptySubmission, ()


def format_for(name_or_media_type: str) -> Format:
    """A submission format by short name, extension name or media type; ValueError if none."""
    key = name_or_media_type.split(";")[0].strip().lower()
    for fmt in RDF_FORMATS.values():
        if key == fmt.media_type:
            return fmt
    fmt = lookup(key)
    if fmt.name not in RDF_FORMATS:
        raise ValueError(f"{name_or_media_type} is not an RDF format")
    return fmt


@dataclass
class Parsed:
    quads: list[ox.Quad]
    prefixes: dict[str, str]
    """The prefixes the submitter declared (Turtle, TriG), to word the report in their terms."""


def parse(data: bytes, fmt: Format | str, *, base_iri: str | None = None) -> Parsed:
    """All the statements in ``data``; ParseError (with line and column) if it cannot be read.

    Blank nodes are renamed apart, so two submissions never share one by accident.
    """
    fmt = format_for(fmt) if isinstance(fmt, str) else fmt
    if not data.strip():
        raise EmptySubmission()
    if fmt.name == "rdfxml":
        screen_xml(data)
    rewritten = False
    if fmt.name == "jsonld":
        try:
            data, rewritten = _local_contexts(data)
        except RecursionError:
            raise ParseError("the JSON is nested too deeply") from None
    try:
        parser = ox.parse(data, fmt.oxigraph, base_iri=base_iri, rename_blank_nodes=True)
        quads = list(parser)
    except SyntaxError as exc:
        error = located(exc)
        if rewritten:  # positions in the rewritten document would mislead
            error = ParseError(error.message)
        raise error from None
    if not quads:
        raise EmptySubmission()
    return Parsed(quads, dict(parser.prefixes or {}))


def located(exc: SyntaxError) -> ParseError:
    """pyoxigraph's syntax error as a ParseError: its line and column, and its message without
    the position it repeats."""
    message = re.sub(r"^Parser error at line \d+ (column \d+|between columns \d+ and \d+): ",
                     "", exc.msg or str(exc))
    if exc.lineno is not None:
        return ParseError(message, exc.lineno, exc.offset)
    return ParseError(message)


# --- characters no XML may hold ------------------------------------------------------------

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""The characters outside XML 1.0's ``Char``: control characters but tab, line feed and
carriage return; lone surrogates; U+FFFE and U+FFFF. Turtle and N-Triples can write them
(``"a\\u0000b"``), but no XML document can hold them, even as a character reference (RDF/XML
and SPARQL results in XML would come out malformed), and xsd:string excludes them."""


def not_xml(text: str) -> str | None:
    r"""The first character of ``text`` that XML cannot carry, as ``U+0000``; None if none.

    >>> not_xml("a\x00b"), not_xml("tab\tand\nnewline\r")
    ('U+0000', None)
    """
    found = NOT_XML.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def escaped(text: str) -> str:
    r"""``text`` with every character XML cannot carry written as ``\uXXXX``, so that a message
    naming it shows what it is, in a page or in XML.

    >>> print(escaped('"a\x00b\x1f"'))
    "a\u0000b\u001F"
    """
    return NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04X}", text)


def shown_literal(literal: ox.Literal) -> str:
    r"""``literal`` as N-Triples writes it, but with the characters XML cannot carry as
    ``\uXXXX`` (N-Triples would write U+0008 as ``\b``).

    >>> print(shown_literal(ox.Literal('a"\x08', language="en")))
    "a\"\u0008"@en
    """
    text = literal.value.translate({ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n",
                                    ord("\r"): "\\r"})
    if literal.language:
        return f'"{escaped(text)}"@{literal.language}'
    if literal.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return f'"{escaped(text)}"'
    return f'"{escaped(text)}"^^<{literal.datatype.value}>'


# --- RDF/XML -------------------------------------------------------------------------------

class _Where(xml.sax.handler.ContentHandler):
    locator = None

    def setDocumentLocator(self, locator):  # noqa: N802 (the SAX name)
        self.locator = locator

    def at(self) -> tuple[int | None, int | None]:
        if self.locator is None:
            return None, None
        return self.locator.getLineNumber(), self.locator.getColumnNumber() + 1


def screen_xml(data: bytes) -> None:
    """Read the XML once with expat through defusedxml: no entity declarations, nothing external."""
    where = _Where()
    try:
        defusedxml.sax.parseString(data, where, forbid_dtd=False, forbid_entities=True,
                                   forbid_external=True)
    except defusedxml.EntitiesForbidden as exc:
        raise ParseError(
            f"RDF/XML that declares entities (<!ENTITY {exc.name} ...>) is refused: entity "
            "expansion can blow a small document up to gigabytes. Write the values out in "
            "full, or send Turtle", *where.at()) from None
    except (defusedxml.ExternalReferenceForbidden, defusedxml.DTDForbidden) as exc:
        raise ParseError("RDF/XML that refers to an external DTD or entity is refused: "
                         f"techties fetches nothing a submission names ({exc})",
                         *where.at()) from None
    except xml.sax.SAXParseException as exc:
        raise ParseError(f"not well-formed XML: {exc.getMessage()}",
                         exc.getLineNumber(), exc.getColumnNumber() + 1) from None
    except (LookupError, ValueError) as exc:  # found by fuzzing: encoding="utf-6" was a 500
        raise ParseError(f"the XML cannot be read in the encoding it declares: {exc}",
                         *where.at()) from None


# --- JSON-LD -------------------------------------------------------------------------------

@cache
def _context(name: str) -> dict | list:
    return json.loads((CONTEXTS / name).read_text(encoding="utf-8"))["@context"]


def _known(iri: str):
    if iri not in KNOWN_CONTEXTS:
        known = ", ".join(sorted({k.rstrip("/") for k in KNOWN_CONTEXTS if "docs" not in k}))
        raise ParseError(
            f"the remote JSON-LD context {iri} is refused: techties never fetches a URL named "
            f"in a submission. Put the context inline (an object under \"@context\"), or use "
            f"one that is kept here ({known})")
    return _context(KNOWN_CONTEXTS[iri])


def _resolve_context(ctx):
    """A context value with every context IRI replaced by its local copy (or refused)."""
    if isinstance(ctx, str):
        return _known(ctx)
    if isinstance(ctx, list):
        return [_resolve_context(c) for c in ctx]
    if isinstance(ctx, dict):
        out = {}
        for key, value in ctx.items():
            if key == "@import":
                if not isinstance(value, str):
                    raise ParseError("@import must name a context")
                imported = _known(value)
                out = {**(imported if isinstance(imported, dict) else {}), **out}
            elif isinstance(value, dict):
                out[key] = _resolve_inner(value)
            else:
                out[key] = value
        return out
    return ctx


def _resolve_inner(term: dict) -> dict:
    """A term definition: its scoped ``@context``, if any, is resolved too."""
    return {k: (_resolve_context(v) if k == "@context" else v) for k, v in term.items()}


def _walk(node):
    if isinstance(node, dict):
        return {k: (_resolve_context(v) if k == "@context" else _walk(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [_walk(n) for n in node]
    return node


def _local_contexts(data: bytes) -> tuple[bytes, bool]:
    """The document with known context IRIs put in from local copies; whether it changed."""
    try:
        document = json.loads(data)
    except UnicodeDecodeError as exc:
        raise ParseError(f"JSON-LD must be UTF-8: {exc.reason} at byte {exc.start}") from None
    except json.JSONDecodeError as exc:
        raise ParseError(exc.msg, exc.lineno, exc.colno) from None
    resolved = _walk(document)
    if resolved == document:
        return data, False
    return json.dumps(resolved).encode("utf-8"), True
