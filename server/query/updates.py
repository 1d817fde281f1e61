"""What an update writes, read from its text: the graphs each operation changes, and the
data an ``INSERT`` template adds, as a CONSTRUCT can compute it.

pyoxigraph has no public algebra, and a remote store has none to ask, so the text is read
with :func:`server.query.guard.tokens` (which knows SPARQL's comments, strings, IRIs and
prefixed names), after a syntax check by the engine itself: only well-formed updates come
here. The grammar of SPARQL 1.1 Update names every graph an operation writes in a few
places, all read here:

- ``INSERT DATA``, ``DELETE DATA``, ``DELETE WHERE``, and the templates of ``DELETE {...}
  INSERT {...} WHERE``: ``GRAPH <g> { ... }`` blocks, and triples outside them, which go to
  the ``WITH`` graph or the default graph. A template may also name its graph with a
  variable (``GRAPH ?g``): then any graph at all (:attr:`Operation.variable`);
- ``LOAD ... INTO GRAPH <g>``, ``CLEAR``, ``DROP``, ``CREATE`` (``GRAPH <g>``, ``DEFAULT``,
  ``NAMED``, ``ALL``), and ``ADD``, ``COPY``, ``MOVE`` (``MOVE`` empties its source too).

>>> [(op.verb, op.writes) for op in operations(
...     'PREFIX ex: <http://e/> INSERT DATA { GRAPH ex:g { ex:a ex:b 1 } } ; DROP SILENT ALL')]
[('INSERT DATA', ('http://e/g',)), ('DROP', ('DEFAULT',))]
>>> operations('WITH <http://e/w> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }')[0].writes
('http://e/w',)
"""

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from . import guard

DEFAULT = "DEFAULT"
"""The default graph, among the graphs an operation writes."""


class Forbidden(PermissionError):
    """The update may not run: it would change a protected graph, or write data that cannot
    be checked first (:mod:`server.submission.writes`)."""


class Invalid(ValueError):
    """The data the update adds does not conform; ``report`` (a submission's report) says
    how."""

    def __init__(self, message: str, report):
        super().__init__(message)
        self.report = report


@dataclass(frozen=True)
class Template:
    """The part of an ``INSERT`` template that writes into ``graph`` (an IRI, or DEFAULT): its
    triples, as the text a CONSTRUCT template takes."""
    graph: str
    triples: str


@dataclass(frozen=True)
class Operation:
    verb: str
    """INSERT DATA, DELETE DATA, DELETE WHERE, MODIFY (DELETE/INSERT ... WHERE), LOAD,
    CLEAR, DROP, CREATE, ADD, COPY or MOVE."""
    text: str
    """The operation's own text."""
    prologue: str
    """The PREFIX and BASE declarations in force before it, as text."""
    writes: tuple[str, ...] = ()
    """The graphs it changes that its text names: IRIs, or DEFAULT."""
    every: str | None = None
    """``ALL`` or ``NAMED`` (CLEAR, DROP): every named graph too."""
    variable: bool = False
    """A template names the graph it writes with a variable: it may write any graph."""
    source: str | None = None
    """ADD, COPY, MOVE: the graph copied (an IRI, or DEFAULT)."""
    inserts: tuple[Template, ...] = ()
    """MODIFY: its INSERT template, by graph."""
    where: str = ""
    """MODIFY: its WHERE group, as text."""
    using: tuple[str, ...] = ()
    using_named: tuple[str, ...] = ()
    with_graph: str | None = None


_Token = tuple[str, str, int]


class _Reader:
    """The tokens of one update, and how its names resolve (PREFIX, BASE)."""

    def __init__(self, text: str, base: str | None):
        self.text = text
        self.toks = guard.tokens(text)
        self.base = base or ""
        self.prefixes: dict[str, str] = {}
        self.prologue: list[str] = []

    def end(self, tok: _Token) -> int:
        return tok[2] + len(tok[1])

    def iri(self, tok: _Token) -> str | None:
        """The IRI an iri or pname token stands for; None for anything else."""
        kind, value, _ = tok
        if kind == "iri":
            return urljoin(self.base, value[1:-1])
        if kind == "pname":
            prefix, _, local = value.rstrip(".").partition(":")
            if prefix in self.prefixes:
                return self.prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
        return None

    def graph(self, tok: _Token) -> str | None:
        """A graph a template names: its IRI, or None for a variable."""
        return None if tok[0] == "var" else self.iri(tok)

    def close(self, i: int) -> int:
        """The index of the token that closes the bracket at ``i``."""
        return min(self.scan(i, lambda value, level: level == 0 and value in ")}]"),
                   len(self.toks) - 1)

    def scan(self, start: int, stop) -> int:
        """The index of the first punctuation token from ``start`` for which
        ``stop(value, level)`` holds, ``level`` being the bracket depth after that token; else
        one past the last token."""
        level = 0
        for j in range(start, len(self.toks)):
            kind, value, _ = self.toks[j]
            if kind == "other" and value in "({[":
                level += 1
            elif kind == "other" and value in ")}]":
                level -= 1
            if kind == "other" and stop(value, level):
                return j
        return len(self.toks)


def _word(tok: _Token | None, *words: str) -> bool:
    return tok is not None and tok[0] == "word" and tok[1].upper() in words


def operations(text: str, base: str | None = None) -> list[Operation]:
    """The operations of the (well-formed) update ``text``, in order."""
    reader = _Reader(guard.unescape(text), base)
    toks, ops, i = reader.toks, [], 0
    while i < len(toks):
        tok = toks[i]
        if _word(tok, "BASE") and i + 1 < len(toks):
            reader.base = urljoin(reader.base, toks[i + 1][1][1:-1])
            reader.prologue.append(reader.text[tok[2]:reader.end(toks[i + 1])])
            i += 2
        elif _word(tok, "PREFIX") and i + 2 < len(toks):
            reader.prefixes[toks[i + 1][1].rstrip(":")] = urljoin(reader.base,
                                                                   toks[i + 2][1][1:-1])
            reader.prologue.append(reader.text[tok[2]:reader.end(toks[i + 2])])
            i += 3
        elif tok[1] == ";" and tok[0] == "other":
            i += 1
        else:
            end = _op_end(reader, i)
            ops.append(_operation(reader, i, end))
            i = end
    return ops


def _op_end(reader: _Reader, start: int) -> int:
    """The index after the last token of the operation that starts at ``start``."""
    return reader.scan(start, lambda value, level: level == 0 and value == ";")


def _operation(reader: _Reader, start: int, end: int) -> Operation:
    toks = reader.toks[start:end]
    text = reader.text[toks[0][2]:reader.end(toks[-1])]
    made = {"text": text, "prologue": "\n".join(reader.prologue)}
    verb = toks[0][1].upper()
    rest = toks[1:]
    if rest and _word(rest[0], "SILENT"):
        rest = rest[1:]
    if verb == "LOAD":
        into = reader.iri(rest[3]) if len(rest) > 3 and _word(rest[1], "INTO") else DEFAULT
        return Operation("LOAD", writes=(into,), **made)
    if verb in ("CLEAR", "DROP", "CREATE"):
        if _word(rest[0], "ALL", "NAMED"):
            return Operation(verb, every=rest[0][1].upper(),
                             writes=(DEFAULT,) if _word(rest[0], "ALL") else (), **made)
        if _word(rest[0], "DEFAULT"):
            return Operation(verb, writes=(DEFAULT,), **made)
        return Operation(verb, writes=(reader.iri(rest[1]),), **made)
    if verb in ("ADD", "COPY", "MOVE"):
        to = next(k for k, t in enumerate(rest) if _word(t, "TO"))
        source, target = _graph_or_default(reader, rest[:to]), _graph_or_default(reader,
                                                                                  rest[to + 1:])
        writes = (target, source) if verb == "MOVE" else (target,)
        return Operation(verb, writes=writes, source=source, **made)
    if verb in ("INSERT", "DELETE") and _word(toks[1], "DATA", "WHERE"):
        kind = f"{verb} {toks[1][1].upper()}"
        block = _block(reader, start + 2, None)
        return Operation(kind, writes=block.graphs, variable=block.variable, **made)
    return _modify(reader, start, end, made)


def _graph_or_default(reader: _Reader, toks: list[_Token]) -> str:
    """``DEFAULT``, ``GRAPH <g>`` or ``<g>``."""
    return DEFAULT if _word(toks[0], "DEFAULT") else reader.iri(toks[-1])


@dataclass
class _Block:
    graphs: tuple[str, ...]
    variable: bool
    templates: tuple[Template, ...]


def _block(reader: _Reader, i: int, default: str | None) -> _Block:
    """The quads block that opens at token ``i``: the graphs it writes (triples outside a
    GRAPH block go to ``default``, or the default graph), and its triples by graph."""
    toks, last = reader.toks, reader.close(i)
    graphs: dict[str, list[str]] = {}
    variable = False
    outside: list[str] = []
    j = i + 1
    while j < last:
        if _word(toks[j], "GRAPH"):
            target = reader.graph(toks[j + 1])
            inner_end = reader.close(j + 2)
            if target is None:
                variable = True
            else:
                graphs.setdefault(target, []).append(_triples(reader, j + 3, inner_end))
            j = inner_end + 1
        elif toks[j][1] == "." and toks[j][0] == "other":
            j += 1
        else:
            k = j
            while k < last and not _word(toks[k], "GRAPH"):
                k = reader.close(k) + 1 if toks[k][1] in "([" and toks[k][0] == "other" else k + 1
            outside.append(_triples(reader, j, k))
            j = k
    if outside:
        graphs.setdefault(default or DEFAULT, []).extend(outside)
    templates = tuple(Template(g, " .\n".join(t for t in parts if t))
                      for g, parts in graphs.items())
    return _Block(tuple(graphs), variable, templates)


def _triples(reader: _Reader, start: int, end: int) -> str:
    """The text of tokens ``start`` to ``end`` (excluded), without separating dots at
    either end."""
    toks = reader.toks
    while start < end and toks[start][1] == "." and toks[start][0] == "other":
        start += 1
    while end > start and toks[end - 1][1] == "." and toks[end - 1][0] == "other":
        end -= 1
    return reader.text[toks[start][2]:reader.end(toks[end - 1])] if end > start else ""


def _modify(reader: _Reader, start: int, end: int, made: dict) -> Operation:
    """``WITH <g>? (DELETE {...} INSERT {...}? | INSERT {...}) USING ... WHERE {...}``."""
    toks, i = reader.toks, start
    with_graph = None
    if _word(toks[i], "WITH"):
        with_graph = reader.iri(toks[i + 1])
        i += 2
    writes: list[str] = []
    variable = False
    inserts: tuple[Template, ...] = ()
    while _word(toks[i], "DELETE", "INSERT"):
        block = _block(reader, i + 1, with_graph)
        writes += [g for g in block.graphs if g not in writes]
        variable = variable or block.variable
        if _word(toks[i], "INSERT"):
            inserts = block.templates
        i = reader.close(i + 1) + 1
    using, named = [], []
    while _word(toks[i], "USING"):
        if _word(toks[i + 1], "NAMED"):
            named.append(reader.iri(toks[i + 2]))
            i += 3
        else:
            using.append(reader.iri(toks[i + 1]))
            i += 2
    if _word(toks[i], "WHERE"):
        i += 1
    where = reader.text[toks[i][2]:reader.end(toks[end - 1])]
    return Operation("MODIFY", writes=tuple(writes), variable=variable, inserts=inserts,
                     where=where, using=tuple(using), using_named=tuple(named),
                     with_graph=with_graph, **made)
