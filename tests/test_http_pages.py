"""Linked Data pages, the ontology documentation and the query UI, over HTTP."""

import hashlib
import json
import re
from html.parser import HTMLParser

import pyoxigraph as ox
import pytest
from helpers import check

from server import cli
from server.config import ROOT
from server.graph import library
from server.web import shapedoc

ID = "https://w3id.org/techties/id/"

NS = "https://w3id.org/techties/"
RUSSIA = NS + "id/state/russia"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
HTML = "text/html; charset=utf-8"


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.hrefs


# --- an entity: HTML for browsers, RDF for RDF clients ---------------------------------------

def test_entity_page_html(client, db):
    response = client.get("/id/state/russia", headers={"Accept": "text/html"})
    html = check(response, 200, HTML)
    assert response.headers["Content-Location"] == "/id/state/russia?format=html"
    assert response.headers["Vary"] == "Accept, Accept-Encoding"
    assert '<meta name="viewport"' in html
    for label in ("Russia", "Россия", "俄罗斯"):  # labels in every language
        assert label in html
    assert re.search(r'<td class="lang">ru</td>', html)
    hrefs = links(html)
    parties = db.query(f"SELECT ?a {{ ?a <{NS}ontology#party> <{RUSSIA}> }}",
                       use_default_graph_as_union=True)
    for row in parties:  # every link in, to its page
        assert "/" + row["a"].value[len(NS):] in hrefs
    assert "/class/State" in hrefs  # its type
    assert any(h.startswith("http://www.wikidata.org/entity/Q") for h in hrefs)  # sameAs
    assert '<svg class="timeline"' in html  # the picture: its agreements and events in time
    # every agreement Russia is a party to, with a date, is on the timeline
    dated = db.query(f"""SELECT DISTINCT ?a WHERE {{
        ?a <{NS}ontology#party> <{RUSSIA}> ; <{NS}ontology#date> ?d }}""",
                     use_default_graph_as_union=True)
    timeline = html[html.index('<svg class="timeline"'):html.index("</svg>")]
    for row in dated:
        assert f'href="/{row["a"].value[len(NS):]}"' in timeline


def test_evidence_quotes_with_their_sources(client, db):
    # an agreement's page quotes its evidence and links the source document
    row = next(iter(db.query(f"""SELECT ?a ?quote ?source WHERE {{
        ?a <{NS}ontology#party> <{RUSSIA}> ; <{NS}ontology#evidence> ?e .
        ?e <{NS}ontology#quote> ?quote ; <http://purl.org/dc/terms/source> ?source }}
        ORDER BY ?a LIMIT 1""", use_default_graph_as_union=True)))
    html = check(client.get("/" + row["a"].value[len(NS):]), 200, HTML)
    assert '<section>\n<h2>Evidence</h2>' in html
    assert _escape(row["quote"].value) in html
    assert "/" + row["source"].value[len(NS):] in links(html)


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def test_dependency_figures_chart(client, db):
    row = next(iter(db.query(f"""SELECT ?d WHERE {{ ?d a <{NS}ontology#Dependency> ;
        <{NS}ontology#value> ?v ; <{NS}ontology#period> ?p }} ORDER BY ?d LIMIT 1""",
                             use_default_graph_as_union=True)))
    html = check(client.get("/" + row["d"].value[len(NS):]), 200, HTML)
    assert '<svg class="figures"' in html and "<h2>Figures</h2>" in html
    # Russia's page charts the figures of its dependencies over time, a legend per measure,
    # each point labelled with its value as the source gives it
    html = check(client.get("/id/state/russia"), 200)
    charts = re.findall(r'<svg class="figures".*?</svg>', html, re.S)
    semiconductors = [c for c in charts if "value of Russia&#x27;s semiconductor imports from "
                      "China</text>" in c]
    assert len(semiconductors) == 1
    points = re.findall(r'r="6" fill="#\w+"/><text [^>]*>([^<]+)</text>', semiconductors[0])
    assert points == ["200 m", "over 500 m"]


def test_timeline_is_also_a_list_for_phones(client):
    html = check(client.get("/id/state/russia"), 200, HTML)
    picture = html[html.index('<svg class="timeline"'):html.index("</svg>")]
    listed = html[html.index('<ol class="timeline-list">'):]
    listed = listed[:listed.index("</ol>")]
    in_picture = re.findall(r'<a href="([^"]+)"><title>', picture)
    in_list = re.findall(r'<a href="([^"]+)">', listed)
    assert in_list and sorted(in_list) == sorted(in_picture)
    years = [int(y) for y in re.findall(r'<span class="when">(-?\d{4})', listed)]
    assert years == sorted(years)


def test_timeline_legend_names_the_kinds_in_words(client):
    html = check(client.get("/id/state/russia"), 200)
    timeline = html[html.index('<svg class="timeline"'):html.index("</svg>")]
    legend = re.findall(r'<tspan class="kind" dx="4">([^<]+)</tspan>', timeline)
    assert legend == ["agreement", "event", "initiative", "national instrument", "other"]


@pytest.mark.parametrize("accept, fmt, media", [
    ("text/turtle", ox.RdfFormat.TURTLE, "text/turtle; charset=utf-8"),
    ("application/ld+json", ox.RdfFormat.JSON_LD, "application/ld+json"),
    ("application/rdf+xml", ox.RdfFormat.RDF_XML, "application/rdf+xml"),
    ("application/n-triples", ox.RdfFormat.N_TRIPLES, "application/n-triples; charset=utf-8"),
])
def test_entity_as_rdf(client, accept, fmt, media):
    response = client.get("/id/state/russia", headers={"Accept": accept})
    check(response, 200, media)
    name = {v: k for k, v in {"ttl": "text/turtle", "jsonld": "application/ld+json",
                              "rdfxml": "application/rdf+xml",
                              "nt": "application/n-triples"}.items()}[accept]
    assert response.headers["Content-Location"] == f"/id/state/russia?format={name}"
    triples = list(ox.parse(response.data, fmt))
    labels = {(t.object.value, t.object.language) for t in triples
              if t.subject.value == RUSSIA and t.predicate.value == RDFS_LABEL}
    assert labels == {("Russia", "en"), ("Россия", "ru"), ("俄罗斯", "zh")}
    assert any(t.object.value == RUSSIA for t in triples)  # incoming links too
    again = client.get(response.headers["Content-Location"])  # the document URL
    check(again, 200, media)


def test_no_accept_gives_html_and_unknown_gives_404(client):
    check(client.get("/id/state/russia"), 200, HTML)
    assert "is not in techties" in check(client.get("/id/state/atlantis"), 404)
    check(client.get("/id/state/russia", headers={"Accept": "image/png"}), 406)


def test_genid_evidence_node_page(client, db):
    row = next(iter(db.query(f"""SELECT ?e WHERE {{ ?x <{NS}ontology#evidence> ?e }}
        ORDER BY ?e LIMIT 1""", use_default_graph_as_union=True)))
    path = "/" + row["e"].value[len(NS):]
    assert path.startswith("/.well-known/genid/")
    html = check(client.get(path), 200, HTML)
    assert "Referred to by" in html


def test_host_independent_iris(client):
    # whatever host serves it, the page is about the namespace IRI
    response = client.get("/id/state/russia", base_url="http://elsewhere.example:8080",
                          headers={"Accept": "text/turtle"})
    triples = list(ox.parse(response.data, ox.RdfFormat.TURTLE))
    assert any(t.subject.value == RUSSIA for t in triples)
    assert not any("elsewhere.example" in str(t) for t in triples)


def test_class_page_lists_instances(client):
    html = check(client.get("/class/State"), 200, HTML)
    hrefs = links(html)
    assert "/id/state/russia" in hrefs and "/id/state/china" in hrefs
    ttl = client.get("/class/State", headers={"Accept": "text/turtle"})
    subjects = {t.subject.value for t in ox.parse(ttl.data, ox.RdfFormat.TURTLE)}
    assert RUSSIA in subjects
    check(client.get("/class/NoSuchClass"), 404)


# --- the ontology ---------------------------------------------------------------------------

def test_ontology_documentation(client):
    html = check(client.get("/ontology"), 200, HTML)
    assert 'id="State"' in html and 'id="party"' in html  # the hash IRIs land on the index
    assert "A sovereign country as a political entity." in html  # definitions
    assert '<dt id="State"><a href="/ontology/State">tt:State</a>' in html  # each its page
    assert "Class hierarchy" in html and 'href="/ontology/shapes"' in html


def test_ontology_diagram_data(client):
    html = check(client.get("/ontology"), 200, HTML)
    data = json.loads(re.search(r'<script type="application/json" id="onto-diagram-data">'
                                r"(.*?)</script>", html, re.S).group(1))
    tt = "https://w3id.org/techties/ontology#"
    assert {"id": tt + "State", "curie": "tt:State", "href": "/ontology/State",
            "label": "state"} in data["nodes"]
    assert {"source": tt + "State", "target": tt + "Actor", "kind": "sub",
            "label": ""} in data["edges"]
    assert {"source": tt + "Agreement", "target": tt + "Actor", "kind": "property",
            "label": "tt:party"} in data["edges"]
    assert "/static/views/cytoscape.min.js" in html and "/static/ontology-diagram.js" in html


def test_ontology_class_page_with_its_shapes(client):
    html = check(client.get("/ontology/State"), 200, HTML)
    assert "A sovereign country as a political entity." in html
    assert "Russia; China" in html  # examples
    assert 'href="/ontology/Actor"' in html  # its superclass
    assert 'href="/class/State"' in html  # its instances
    shapes = html[html.index('<h2 id="shapes">'):]
    assert "tts:LabelShape" in shapes and "English label" in shapes
    agreement = check(client.get("/ontology/Agreement"), 200, HTML)
    assert "tts:AgreementShape ·\n  instances of tt:Agreement" in agreement
    assert "<strong>two parties</strong>" in agreement
    assert 'id="onto-diagram-data"' in agreement  # its neighbourhood


def test_ontology_property_page_shows_the_shapes_on_its_path(client):
    html = check(client.get("/ontology/party"), 200, HTML)
    assert "Its values are constrained by:" in html
    assert '<a href="/ontology/shapes#shape-AgreementShape">tts:AgreementShape</a>' in html
    assert 'href="/ontology/Agreement"' in html  # its domain


def test_ontology_shapes_page_lists_every_targeting_shape(client):
    html = check(client.get("/ontology/shapes"), 200, HTML)
    ids = re.findall(r'<div class="shape" id="shape-([\w-]+)">', html)
    assert len(ids) == len(set(ids)) == len(shapedoc.documentation().shapes)
    assert "AgreementShape" in ids and "StateValueShape" not in ids  # value shapes: inside


def test_ontology_term_that_is_not_there(client):
    response = client.get("/ontology/Nope", headers={"Accept": "text/html"})
    assert "tt:Nope is not a term of the techties ontology" in check(response, 404, HTML)


def test_ontology_as_rdf(client):
    turtle = client.get("/ontology", headers={"Accept": "text/turtle"})
    check(turtle, 200, "text/turtle; charset=utf-8")
    assert turtle.data == (ROOT / "ontology" / "techties.ttl").read_bytes()
    owl = client.get("/ontology", headers={"Accept": "application/rdf+xml"})
    check(owl, 200, "application/rdf+xml")
    assert len(list(ox.parse(owl.data, ox.RdfFormat.RDF_XML))) == len(
        list(ox.parse(turtle.data, ox.RdfFormat.TURTLE)))


# --- the query UI -----------------------------------------------------------------------

def test_ui_offers_every_library_query(client):
    html = check(client.get("/"), 200, HTML)
    assert "/static/yasgui/yasgui.min.js" in html and "/static/yasgui/yasgui.min.css" in html
    assert "cdn" not in html.lower()
    for query in library.queries():
        assert _escape(query.title) in html
    assert 'window.location.origin + "/sparql"' in html


def test_ui_loads_the_result_views_from_here(client):
    html = check(client.get("/"), 200, HTML)
    scripts = re.findall(r'<(?:script src|link rel="stylesheet" href)="(/static/views[^"]+)"', html)
    assert scripts == ["/static/views/vis-timeline-graph2d.min.css",
                       "/static/views/chart.umd.min.js",
                       "/static/views/vis-timeline-graph2d.min.js",
                       "/static/views/cytoscape.min.js", "/static/views.js"]
    for path in scripts:
        with client.get(path) as response:  # a file response: closed, or a ResourceWarning
            check(response, 200)
    assert "window.techtiesViews.register(Yasgui.Yasr)" in html


def test_vendored_view_libraries_are_the_pinned_builds():
    folder = ROOT / "server" / "web" / "static" / "views"
    listed = dict(line.split()[::-1] for line in re.findall(
        r"^[0-9a-f]{64}  \S+$", (folder / "README.md").read_text(), re.M))
    assert sorted(listed) == sorted(p.name for p in folder.glob("*.min.*"))
    for name, digest in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name


def test_ui_has_a_field_per_parameter(client):
    html = check(client.get("/"), 200, HTML)
    forms = dict(re.findall(r'<form class="params" data-index="(\d+)">(.*?)</form>', html, re.S))
    expected = {str(i): [(p.name, p.default or "") for p in q.params]
                for i, q in enumerate(library.queries()) if q.params}
    assert {i: re.findall(r'<input name="([^"]+)" value="([^"]*)"', form)
            for i, form in forms.items()} == {
        i: [(name, _escape(default)) for name, default in fields]
        for i, fields in expected.items()}
    assert ('<input name="domain" value="https://w3id.org/techties/id/technology/'
            'artificial-intelligence"') in html


def test_library_query_bound_by_the_server(client, db):
    text = check(client.get("/queries/agreements-by-domain.rq",
                            query_string={"domain": ID + "technology/space-technology"}),
                 200, "application/sparql-query; charset=utf-8")
    assert f"WHERE {{ VALUES (?domain) {{ (<{ID}technology/space-technology>) }}" in text
    rows = db.query(text, use_default_graph_as_union=True)
    assert sorted({r["agreement"].value for r in rows}) == [
        ID + "instrument/agreement-on-cooperation-in-the-field-of-space-2018",
        ID + "instrument/international-scientific-lunar-station-agreement-2022",
        ID + "instrument/lunar-station-declaration-2019",
    ]


def test_library_query_empty_value_leaves_it_unbound(client):
    text = check(client.get("/queries/agreements-by-domain.rq", query_string={"domain": ""}),
                 200, "application/sparql-query; charset=utf-8")
    assert "VALUES" not in text


@pytest.mark.parametrize("domain, said", [
    (ID + "technology/space-technology", f"domain = <{ID}technology/space-technology>"),
    ("", "domain unbound"),
])
def test_a_bound_query_saved_and_run_again_answers_the_same(client, tmp_path, capsys,
                                                            store_path, db, domain, said):
    text = check(client.get("/queries/agreements-by-domain.rq", query_string={"domain": domain}),
                 200, "application/sparql-query; charset=utf-8")
    assert f"# bound: {said}\n" in text and "# parameters:" not in text
    saved = tmp_path / "saved.rq"
    saved.write_text(text)
    assert library.parse(saved).params == ()  # nothing left for `techties query` to bind
    assert cli.main(["query", str(saved), "--store", str(store_path), "--format", "csv"]) == 0
    again = capsys.readouterr().out.splitlines()[1:]
    served = db.query(text, use_default_graph_as_union=True)
    assert len(again) == len(list(served)) == (5 if domain else 81)



@pytest.mark.parametrize("path, args, status, message", [
    ("/queries/agreements-by-domain.rq", {"domain": "not an iri"}, 400,
     "parameter domain takes an IRI, not 'not an iri'"),
    ("/queries/agreements-by-domain.rq", {"year": "2022"}, 400,
     "agreements-by-domain.rq has no parameter year (it takes domain)"),
    ("/queries/no-such-query.rq", {}, 404, "no query no-such-query.rq in the library"),
    ("/queries/..%2Fpyproject.rq", {}, 404, "nothing at /queries/../pyproject.rq"),
])
def test_library_query_bad_parameters(client, path, args, status, message):
    text = check(client.get(path, query_string=args), status, "text/plain; charset=utf-8")
    assert text.startswith(message), text


@pytest.mark.parametrize("path, media", [
    ("/static/yasgui/yasgui.min.js", "text/javascript; charset=utf-8"),
    ("/static/yasgui/yasgui.min.css", "text/css; charset=utf-8"),
    ("/static/yasgui/LICENSE", None),
    ("/static/site.css", "text/css; charset=utf-8"),
])
def test_static_files_are_vendored(client, path, media):
    with client.get(path) as response:
        check(response, 200, media)
        if path.endswith("LICENSE"):
            assert b"MIT License" in response.data


def test_errors_are_short_and_html_for_browsers(client):
    response = client.get("/nowhere", headers={"Accept": "text/html"})
    html = check(response, 404, HTML)
    assert "nothing at /nowhere" in html and "Traceback" not in html
    text = check(client.get("/nowhere"), 404, "text/plain; charset=utf-8")
    assert text == "nothing at /nowhere\n"
