"""Properties that hold for any input (hypothesis): content negotiation, the binding of a
library query's parameters, and the submission entry (``parse.parse``). Each either answers
or refuses with its own error, never anything else; what it accepts means what was sent."""

import pyoxigraph as ox
import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.formats import ALIASES
from server.graph import library
from server.submission import parse
from server.web import errors, negotiation
from server.web.negotiation import HTML, SOLUTION_FORMATS, TRIPLE_FORMATS

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
APP = Flask(__name__)
FAMILIES = {"results": SOLUTION_FORMATS, "graph": TRIPLE_FORMATS, "page": [HTML, *TRIPLE_FORMATS]}
KNOWN = sorted({f.media_type for fs in FAMILIES.values() for f in fs}
               | {"*/*", "text/*", "application/*", "application/json", "application/xml",
                  "text/plain", "image/png", "text/html"})

header_text = st.text(st.characters(blacklist_categories=["Cc", "Cs"]), max_size=20)
"""What a header can hold (no control characters: HTTP has no way to send them)."""
media_range = st.builds(
    lambda media, q, junk: media + (f";q={q}" if q is not None else "") + junk,
    st.one_of(st.sampled_from(KNOWN), header_text),
    st.one_of(st.none(), st.sampled_from(["0", "0.5", "1", "1.0", "0.001", "x", "-1", "2"])),
    st.sampled_from(["", "; charset=utf-8", ";level=1", " ;  q=0.3", ",", ";;"]))
accept_header = st.lists(media_range, max_size=6).map(", ".join)


def choose(family: str, accept: str, query: dict | None = None):
    with APP.test_request_context(headers={"Accept": accept}, query_string=query or {}):
        return negotiation.choose(FAMILIES[family])


@SETTINGS
@given(family=st.sampled_from(sorted(FAMILIES)), accept=accept_header)
def test_negotiation_gives_an_offer_or_a_406(family, accept):
    try:
        fmt = choose(family, accept)
    except errors.Problem as problem:
        assert problem.status == 406
        assert problem.message.startswith("none of the media types in Accept can be served")
        return
    assert fmt in FAMILIES[family]


@SETTINGS
@given(family=st.sampled_from(sorted(FAMILIES)), offer=st.integers(0, 3))
def test_an_offer_asked_for_alone_is_chosen(family, offer):
    fmt = FAMILIES[family][offer % len(FAMILIES[family])]
    assert choose(family, fmt.media_type) is fmt
    assert choose(family, f"image/png;q=0.9, {fmt.media_type};q=0.95") is fmt


@SETTINGS
@given(family=st.sampled_from(sorted(FAMILIES)))
def test_no_accept_or_any_gives_the_default(family):
    assert choose(family, "") is FAMILIES[family][0]
    assert choose(family, "*/*") is FAMILIES[family][0]


@SETTINGS
@given(family=st.sampled_from(sorted(FAMILIES)), name=st.text(max_size=30),
       parameter=st.sampled_from(negotiation.PARAMETERS))
def test_a_format_parameter_names_an_offer_or_is_a_406(family, name, parameter):
    try:
        fmt = choose(family, "image/png", {parameter: name})
    except errors.Problem as problem:
        assert problem.status == 406
        return
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    assert (key in (fmt.name, fmt.media_type) or negotiation._RDF_NAMES.get(key) == fmt.name
            or fmt.name in negotiation._MEDIA_ALIASES.get(key, ())), (name, fmt)


# --- binding parameters ---------------------------------------------------------------------

TEXT = "SELECT ?x WHERE { }"


def bound(kind: str, raw: str):
    text = library.bind(TEXT, (library.Parameter("x", kind),), {"x": raw})
    rows = list(ox.Store().query(text))
    assert len(rows) == 1
    return rows[0]["x"]


@SETTINGS
@given(raw=st.text(max_size=200))
def test_a_string_parameter_is_bound_as_exactly_that_string(raw):
    assert bound("string", raw) == ox.Literal(raw)


@SETTINGS
@given(raw=st.one_of(st.integers().map(str), st.text(max_size=40)))
def test_an_integer_parameter_is_an_integer_or_refused(raw):
    try:
        value = bound("integer", raw)
    except ValueError as exc:
        assert str(exc).startswith("parameter x takes an integer, not ")
        return
    assert int(value.value) == int(raw.strip())


@SETTINGS
@given(raw=st.one_of(st.text(max_size=60),
                     st.builds(lambda scheme, rest: f"{scheme}:{rest}",
                               st.sampled_from(["http", "https", "urn", "st", "tt", "x"]),
                               st.text(max_size=40))))
def test_an_iri_parameter_is_that_iri_or_refused_never_more(raw):
    try:
        value = bound("iri", raw)
    except ValueError as exc:
        assert str(exc).startswith("parameter x takes an IRI, not ")
        return
    assert isinstance(value, ox.NamedNode)
    assert value.value == raw.strip().removeprefix("<").removesuffix(">")
    assert value.value.split(":", 1)[1].startswith("//") or value.value.split(":")[0].lower() \
        in library.OPAQUE_SCHEMES


# --- the submission entry -------------------------------------------------------------------

FORMATS = ["ttl", "nt", "jsonld", "rdfxml", "nq", "trig"]


@SETTINGS
@given(data=st.binary(max_size=400), fmt=st.sampled_from(FORMATS))
def test_any_bytes_are_read_or_refused_with_a_parse_error(data, fmt):
    try:
        parsed = parse.parse(data, fmt)
    except parse.ParseError as exc:
        assert exc.line is None or exc.line >= 1
        return
    assert parsed.quads


iri = st.from_regex(r"https://w3id\.org/techties/id/state/[a-z0-9-]{1,12}", fullmatch=True)
literal = st.text(max_size=50)


@SETTINGS
@given(triples=st.lists(st.tuples(iri, literal, st.sampled_from(["", "en", "ru", "zh-Hans"])),
                        min_size=1, max_size=8))
@pytest.mark.parametrize("fmt", ["nt", "ttl", "jsonld", "rdfxml"])
def test_any_well_formed_submission_is_read_as_sent(fmt, triples):
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    quads = [ox.Quad(ox.NamedNode(s), label, ox.Literal(v, language=lang or None))
             for s, v, lang in triples]
    if fmt == "rdfxml" and any(not _xml_safe(v) for _, v, _ in triples):
        return  # XML 1.0 cannot hold every character: such text has no RDF/XML form
    data = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads],
                        format=parse.format_for(fmt).oxigraph)
    parsed = parse.parse(data, fmt)
    assert {(q.subject, q.predicate, q.object) for q in parsed.quads} == {
        (q.subject, q.predicate, q.object) for q in quads}


def _xml_safe(text: str) -> bool:
    return all(c in "\t\n\r" or " " <= c <= "\ud7ff" or "\ue000" <= c <= "\ufffd"
               or c >= "\U00010000" for c in text) and "\r" not in text


@SETTINGS
@given(depth=st.integers(1, 5000), arrays=st.booleans())
def test_json_ld_nested_at_any_depth_is_read_or_refused(depth, arrays):
    opening = "[" if arrays else '{"http://e/p": '
    closing = "]" if arrays else "}"
    body = ('{"@id": "https://w3id.org/techties/id/state/x", "http://e/p": ' + opening * depth
            + '"x"' + closing * depth + "}").encode()
    try:
        parse.parse(body, "jsonld")
    except parse.ParseError:
        pass
