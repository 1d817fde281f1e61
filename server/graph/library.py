"""The query library in queries/ (analyst questions) and queries/checks/ (quality checks).

Every .rq file opens with a header of ``# key: value`` comment lines, which this module
reads: ``title`` and ``question`` are required; ``parameters`` and ``tags`` are optional.

    # title: Agreements that name AI as a domain
    # question: Which agreements name artificial intelligence as a domain, and when?
    # tags: agreements, AI

``parameters`` declares the values a query takes, separated by ``;``, each as
``name type = default`` with type one of iri, string, integer, date (a parameter without a
default is left unbound, so the query answers for every value):

    # parameters: party iri = https://w3id.org/techties/id/state/china; year integer = 2022

:func:`bind` binds them safely: each value is parsed as its type into an RDF term, which
pyoxigraph serializes into a ``VALUES`` block opening the query's WHERE clause; no text a
user typed is ever pasted into the query.
"""

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .. import namespaces as ns
from ..config import ROOT

QUERIES_DIR = ROOT / "queries"
CHECKS_DIR = QUERIES_DIR / "checks"
HEADER_LINE = re.compile(r"#\s*([a-z]+)\s*:\s*(.*\S)\s*$")
REQUIRED = ("title", "question")
PARAMETERS_LINE = re.compile(r"^#\s*parameters\s*:.*$", re.M)
PARAMETER = re.compile(r"^(\w+)\s+(\w+)\s*(?:=\s*(.*\S))?$")
XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: str | None = None

    def term(self, raw: str):
        """``raw`` as an RDF term of this parameter's type; ValueError saying what is wrong."""
        text = raw.strip()
        wrong = f"parameter {self.name} takes {_ARTICLE[self.type]}, not {raw!r}"
        if self.type == "iri":
            try:
                term = ox.NamedNode(text.removeprefix("<").removesuffix(">"))
            except ValueError as exc:
                raise ValueError(f"{wrong}: {exc}") from None
            scheme, _, rest = term.value.partition(":")
            if not rest.startswith("//") and scheme.lower() not in OPAQUE_SCHEMES:
                # st:russia is a valid IRI of scheme st:, but meant as a prefixed name
                raise ValueError(f"{wrong}: {scheme}: is a prefix, which is not expanded "
                                 "here; write the whole IRI (https://...)")
            return term
        if self.type == "integer":
            if not re.fullmatch(r"[+-]?[0-9]+", text):
                raise ValueError(wrong)
            return ox.Literal(str(int(text)), datatype=ox.NamedNode(XSD + "integer"))
        if self.type == "date":
            try:
                datetime.date.fromisoformat(text)
            except ValueError:
                raise ValueError(wrong + " (YYYY-MM-DD)") from None
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
                raise ValueError(wrong + " (YYYY-MM-DD)")
            return ox.Literal(text, datatype=ox.NamedNode(XSD + "date"))
        return ox.Literal(raw)


OPAQUE_SCHEMES = {"urn", "mailto", "tag", "info", "data", "did", "doi"}
"""Schemes whose IRIs have no ``//``; any other IRI without it is taken for a prefixed name."""

_ARTICLE = {"iri": "an IRI", "string": "a string", "integer": "an integer",
            "date": "a date"}


def parse_parameters(spec: str, where: Path | str = "") -> tuple[Parameter, ...]:
    """The ``# parameters:`` header as Parameters; ValueError for a malformed one."""
    params = []
    for part in filter(None, (p.strip() for p in spec.split(";"))):
        match = PARAMETER.match(part)
        if not match or match.group(2) not in _ARTICLE:
            raise ValueError(f"{where}: parameter {part!r} is not 'name type = default' with "
                             f"type one of {', '.join(_ARTICLE)}")
        param = Parameter(*match.groups())
        if param.default is not None:
            param.term(param.default)  # the default must parse as its type
        params.append(param)
    return tuple(params)


@dataclass(frozen=True)
class Query:
    path: Path
    title: str
    question: str
    text: str
    tags: tuple[str, ...] = ()
    parameters: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def params(self) -> tuple[Parameter, ...]:
        return parse_parameters(self.parameters, self.path)

    def bind(self, values: dict[str, str] | None = None, unbound=()) -> str:
        """The query text with its parameters bound (``values`` over the defaults); the
        parameters named in ``unbound`` are left unbound, their defaults notwithstanding."""
        return bind(self.text, self.params, values or {}, self.path.name, unbound)


def parse(path: Path) -> Query:
    """Read one .rq file and its header; ValueError saying which field is missing where.

    The library's own files are written in the authored namespace and rebased into the
    configured one; a user's file is taken as it is.
    """
    text = path.read_text(encoding="utf-8")
    if path.resolve().is_relative_to(QUERIES_DIR):
        text = ns.rebase(text)
    header = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = HEADER_LINE.match(line)
        if match:
            header[match.group(1)] = match.group(2)
    missing = [key for key in REQUIRED if key not in header]
    if missing:
        raise ValueError(f"{path}: header lacks {', '.join(missing)} (lines '# key: value')")
    tags = tuple(t.strip() for t in header.pop("tags", "").split(",") if t.strip())
    return Query(path=path, title=header.pop("title"), question=header.pop("question"),
                 text=text, tags=tags, parameters=header.pop("parameters", ""), extra=header)


def queries() -> list[Query]:
    return [parse(p) for p in sorted(QUERIES_DIR.glob("*.rq"))]


def named(name: str) -> Query | None:
    """The library query ``name`` (as :func:`queries` names it: its file's stem), or None."""
    path = QUERIES_DIR / f"{name}.rq"
    if "/" in name or not re.fullmatch(r"[\w.-]+", name) or not path.is_file():
        return None
    return parse(path)


def checks() -> list[Query]:
    return [parse(p) for p in sorted(CHECKS_DIR.glob("*.rq"))]


def bind(text: str, params, values: dict[str, str], where: str = "query", unbound=()) -> str:
    """``text`` with a VALUES block of the parameters' terms opening its WHERE clause."""
    known = {p.name: p for p in params}
    unknown = sorted((set(values) | set(unbound)) - set(known))
    if unknown:
        takes = ", ".join(known) or "no parameters"
        raise ValueError(f"{where} has no parameter {unknown[0]} (it takes {takes})")
    terms = {}
    for p in params:
        raw = None if p.name in unbound else values.get(p.name, p.default)
        if raw is not None:
            terms[p.name] = p.term(raw)
    # The bound text is a query of its own: its header says what was bound instead of
    # declaring the parameters, so that running it again (a file saved from the UI, say)
    # does not bind the defaults on top.
    said = "; ".join(f"{p.name} = {terms[p.name]}" if p.name in terms else f"{p.name} unbound"
                     for p in params)
    text = PARAMETERS_LINE.sub(lambda _: f"# bound: {said}", text, count=1)
    if not terms:
        return text
    at = _where_brace(text)
    if at is None:
        raise ValueError(f"{where}: no WHERE {{ to bind its parameters in")
    names = " ".join(f"?{n}" for n in terms)
    row = " ".join(str(t) for t in terms.values())
    return f"{text[:at + 1]} VALUES ({names}) {{ ({row}) }}{text[at + 1:]}"


_TOKEN = re.compile(r"""#[^\n]*|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|<[^<>"{}|^`\\\s]*>"""
                    r"""|(?i:\bwhere\b)|\{""")


def _where_brace(text: str) -> int | None:
    """The index of the ``{`` opening the WHERE clause, skipping comments, strings and IRIs."""
    seen_where = False
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token.lower() == "where":
            seen_where = True
        elif token == "{" and seen_where:
            return match.start()
    return None
