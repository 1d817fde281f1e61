"""Linked Data pages, the ontology documentation and the query UI, over HTTP."""

import hashlib
import json
import re
from html.parser import HTMLParser

import pyoxigraph as ox
import pytest
from helpers import check, make_app, shared_dir

from server import cli
from server.config import ROOT
from server.graph import library
from server.store import merged
from server.web import shapedoc

ID = "https://w3id.org/techties/id/"

NS = "https://w3id.org/techties/"
RUSSIA = NS + "id/state/russia"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
OWL = "http://www.w3.org/2002/07/owl#"
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
                       **merged.union(db))
    for row in parties:  # every link in, to its page
        assert "/" + row["a"].value[len(NS):] in hrefs
    assert "/class/State" in hrefs  # its type
    assert any(h.startswith("http://www.wikidata.org/entity/Q") for h in hrefs)  # sameAs
    assert '<svg class="timeline"' in html  # the picture: its agreements and events in time
    # every agreement Russia is a party to, with a date, is on the timeline
    dated = db.query(f"""SELECT DISTINCT ?a WHERE {{
        ?a <{NS}ontology#party> <{RUSSIA}> ; <{NS}ontology#date> ?d }}""",
                     **merged.union(db))
    timeline = html[html.index('<svg class="timeline"'):html.index("</svg>")]
    for row in dated:
        assert f'href="/{row["a"].value[len(NS):]}"' in timeline


def _squash(text: str) -> str:
    return " ".join(text.split())


class Statements(HTMLParser):
    """The Statements table of an entity page: for each property (its label), each value (its
    text), with its references (the summary line, and for each reference: the quote, the link
    to the passage, the document, its part, the badges, the evidence link) and its marks."""

    def __init__(self):
        super().__init__()
        self.rows, self.stack, self.inside = [], [], False
        self.text = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and a.get("class") == "properties" and not self.rows and not self.inside:
            self.inside = True
        if not self.inside:
            return
        self.stack.append((tag, a))
        if tag == "tr":
            self.rows.append({"property": "", "values": []})
        elif tag == "th":
            self.text = "property"
        elif tag == "li" and a.get("class") == "ref":
            self.value["refs"].append({"quote": "", "passage": None, "document": None,
                                        "source": "", "badges": [], "evidence": None,
                                        "other": ""})
        elif tag == "li" and not any(t == "details" for t, _ in self.stack[:-1]):
            self.rows[-1]["values"].append({"text": "", "summary": "", "refs": []})
        elif tag == "summary":
            self.text = "summary"
        elif tag == "blockquote":
            self.text = "quote"
        elif tag == "a" and self.text == "quote":
            self.ref["passage"] = a.get("href")
        elif tag == "span" and "badge" in (a.get("class") or "") and self.in_ref:
            self.ref["badges"].append("")
            self.text = "badge"
        elif tag == "span" and a.get("class") == "muted" and self.in_ref and self.text != "badge":
            self.text = "source"
        elif tag == "a" and self.text == "source":
            self.ref["document"] = a.get("href")
        elif tag == "a" and a.get("class") == "muted" and self.in_ref:
            self.ref["evidence"] = a.get("href")

    @property
    def value(self):
        return self.rows[-1]["values"][-1]

    @property
    def ref(self):
        return self.value["refs"][-1]

    @property
    def in_ref(self):
        return any(t == "li" and a.get("class") == "ref" for t, a in self.stack)

    def handle_endtag(self, tag):
        if not self.inside:
            return
        while self.stack:
            t, a = self.stack.pop()
            if t == tag:
                break
        if tag == "table":
            self.inside = False
        if tag in ("th", "summary", "blockquote") or (tag == "span" and self.text in (
                "badge", "source") and not any(t == "span" for t, _ in self.stack
                                               if self.text == "badge")):
            self.text = None

    def handle_data(self, data):
        if not self.inside:
            return
        if self.text == "property":
            self.rows[-1]["property"] += data
        elif self.text == "summary":
            self.value["summary"] += data
        elif self.text == "quote":
            self.ref["quote"] += data
        elif self.text == "badge":
            self.ref["badges"][-1] += data
        elif self.text == "source":
            self.ref["source"] += data
        elif self.in_ref:
            self.ref["other"] += data
        elif self.stack and self.rows and self.rows[-1]["values"] and not any(
                t in ("details", "span") for t, _ in self.stack):
            self.value["text"] += data


def statements(html: str) -> list:
    """The Statements table, each value as (text, summary of its references, references), a
    reference as (quote, link to the passage, link to the document, document and part,
    badges, link to the evidence), or, for a disagreement it is a side of, its line."""
    start = html.index("<h2>Statements</h2>")
    parser = Statements()
    parser.feed(html[start:])
    out = []
    for row in parser.rows:
        values = []
        for v in row["values"]:
            refs = [(_squash(r["quote"]), r["passage"], r["document"], _squash(r["source"]),
                     [_squash(b) for b in r["badges"]], r["evidence"]) if r["quote"] else
                    _squash(r["other"]) for r in v["refs"]]
            values.append((_squash(v["text"]), _squash(v["summary"]), refs))
        out.append((_squash(row["property"]), values))
    return out


CONTRACT = "/id/instrument/rosneft-transneft-cnpc-oil-supply-contract-2009"
P29B = ("in 2009, Russia's state-owned companies Rosneft and Transneft signed a 20 years contract "
        "with the Chinese CNPC on oil supplies, financed with a giant loan of \\$25 billion from "
        "China")
SHAKHANOVA = ("Russia-China Cooperation amidst the war in Ukraine: From Joint Management of "
              "Security in Eurasia to AI Collaboration")


def test_each_value_of_a_statement_shows_its_claims_references(client):
    """As Wikidata shows references per statement: the quote, linked to its place in the
    document; the document and its part; the evidence node."""
    rows = dict(statements(check(client.get(CONTRACT), 200, HTML)))
    reference = (P29B, "/documents/shakhanova-2026?passage=shakhanova-2026-p29-b"
                       "#shakhanova-2026-p29-b", "/id/source/shakhanova-2026",
                 f"{SHAKHANOVA}, body", [], "/id/quote/shakhanova-2026-p29-b")
    assert rows["party"] == [(name, "1 reference", [reference])
                             for name in ("CNPC", "Rosneft", "Transneft")]
    assert rows["date signed"] == [("2009 (xsd:gYear)", "1 reference", [reference])]
    assert rows["status"] == [("signed", "1 reference", [reference])]
    # the types the ontology's hierarchy adds are no source's claim
    assert rows["rdf:type"] == [("agreement", "", []), ("contract", "1 reference", [reference]),
                                ("entity", "", []), ("instrument", "", [])]
    html = check(client.get(CONTRACT), 200, HTML)
    assert html.count('title="not a claim of a source: it follows from the ontology, or is '
                      "techties' own\">(techties)</span>") == 3


def test_a_value_several_passages_state_and_disagreements_dispute(client):
    rows = dict(statements(check(client.get(
        "/id/instrument/agreement-on-military-technical-cooperation"), 200, HTML)))
    lin = "The impact of technological cooperation on Russian-Chinese relations: prospects and " \
          "challenges, body"
    assert rows["date signed"] == [("2023 (xsd:gYear)", "2 references · disputed", [
        ('in 2023, Russia and China signed an "Agreement on military-technical cooperation", '
         "which clarifies cooperation in the field of weapons development, technology transfer "
         "and military training", "/documents/lin-2024?passage=lin-2024-p38-f#lin-2024-p38-f",
         "/id/source/lin-2024", lin, [], "/id/quote/lin-2024-p38-f"),
        ("In 2023, the signed “Agreement on Military-technical Cooperation” establishes "
         "mechanisms for the joint development of modern technologies and the exchange of "
         "experience, which includes the creation of unmanned systems and air defense systems.",
         "/documents/lin-2024?passage=lin-2024-p91-d#lin-2024-p91-d", "/id/source/lin-2024",
         lin, [], "/id/quote/lin-2024-p91-d"),
        'A side of When the Agreement on military-technical cooperation was made: "developed" '
        'in 2022 (paragraph 39) or "signed" in 2023 (paragraphs 38 and 91) (value '
        "disagreement)",
        "A side of Reference 8 (2019) is cited for Peace Mission 2022 and the Agreement signed "
        "in 2023 (paragraph 91) (citation against reference disagreement)",
        "A side of The first review says the examples are limited to 2022; the text gives "
        "examples dated 2023 (review against published text disagreement)",
        "A side of The article says its examples mainly cover the period up to 2022, and gives "
        "examples dated 2023 (value disagreement)"])]


def test_a_hedged_passage_and_the_work_it_cites(client):
    rows = dict(statements(check(client.get("/id/initiative/lunar-nuclear-power-plant"),
                                 200, HTML)))
    assert rows["target date"] == [("2035 (xsd:gYear)", "1 reference · hedged", [
        ("perhaps even a lunar nuclear power plant by 2035",
         "/documents/shakhanova-2026?passage=shakhanova-2026-p16-g#shakhanova-2026-p16-g",
         "/id/source/shakhanova-2026", f"{SHAKHANOVA}, body",
         ["hedged: “perhaps even”", "cites [1] China, Russia may build nuclear plant on moon "
                                    "to power lunar station, official says"],
         "/id/quote/shakhanova-2026-p16-g")])]


def test_a_claim_page_names_its_triple_with_its_references(client):
    html = check(client.get("/id/claim/lin-2024-mtca-signed-2023"), 200, HTML)
    assert "<h1>Agreement on military-technical cooperation date signed 2023</h1>" in html
    claim = html[html.index("<h2>Claim</h2>"):]
    claim = claim[:claim.index("</section>")]
    assert re.search(r'<p class="claim"><a href="/id/instrument/agreement-on-military-technical-'
                     r'cooperation">Agreement on military-technical cooperation</a>\s*<span '
                     r'class="muted">date signed</span>\s*2023 \(xsd:gYear\)\s*</p>', claim)
    assert '<summary>2 references · <span class="badge disputed" title="a side of 4 ' \
           'disagreements">disputed</span></summary>' in claim
    assert links(claim) == [
        "/id/instrument/agreement-on-military-technical-cooperation",
        "/documents/lin-2024?passage=lin-2024-p38-f#lin-2024-p38-f", "/id/source/lin-2024",
        "/id/quote/lin-2024-p38-f",
        "/documents/lin-2024?passage=lin-2024-p91-d#lin-2024-p91-d", "/id/source/lin-2024",
        "/id/quote/lin-2024-p91-d",
        "/id/disagreement/lin-2024-military-technical-agreement-date",
        "/id/disagreement/lin-2024-reference-8-predates-2022-2023-measures",
        "/id/disagreement/lin-2024-review-1-examples-limited-to-2022",
        "/id/disagreement/lin-2024-scope-up-to-2022"]


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def test_dependency_figures_chart(client, db):
    row = next(iter(db.query(f"""SELECT ?d WHERE {{ ?d a <{NS}ontology#Dependency> ;
        <{NS}ontology#value> ?v ; <{NS}ontology#period> ?p }} ORDER BY ?d LIMIT 1""",
                             **merged.union(db))))
    html = check(client.get("/" + row["d"].value[len(NS):]), 200, HTML)
    assert '<svg class="figures"' in html and "<h2>Figures</h2>" in html
    # Russia's page charts the figures of its dependencies over time, a legend per measure,
    # each point labelled with its value as the source gives it
    html = check(client.get("/id/state/russia"), 200)
    charts = re.findall(r'<svg class="figures".*?</svg>', html, re.S)
    semiconductors = [c for c in charts if ">Russia&#x27;s semiconductor imports from "
                      "China</text>" in c]
    assert len(semiconductors) == 1
    points = re.findall(r'r="6" fill="#\w+"/><text [^>]*>([^<]+)</text>', semiconductors[0])
    assert points == ["200 m", "over 500 m"]
    # a period given as a time span ("as of the beginning of 2026") is placed by its bound
    shares = [c for c in charts if ">share of the dual-use parts that Russia uses for military "
              "application that China provides</text>" in c]
    assert len(shares) == 1
    assert re.findall(r'r="6" fill="#\w+"/><text [^>]*>([^<]+)</text>', shares[0]) == [
        "about 90", "about 80"]


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
    assert legend == ["agreement", "dependency", "event", "figure", "initiative",
                      "national instrument", "other"]


def test_a_vague_date_on_the_timeline_is_shown_in_the_sources_words(client):
    html = check(client.get("/id/state/russia"), 200)
    timeline = html[html.index('<svg class="timeline"'):html.index("</svg>")]
    # placed by its bound (2014), shown as Kapoor says it, never as "2014"
    said = re.findall(r"<title>Agreement: deals for supply of Su-35 fighter jets \(([^)]*)\)",
                      timeline)
    assert said == ["in the aftermath of the 2014 Ukrainian crisis"]


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
    # and the claims about it: that the label "Russia"@en is stated, and by which passages
    claims = {t.subject for t in triples if t.predicate.value == OWL + "annotatedTarget"
              and t.object == ox.Literal("Russia", language="en")}
    spo = {(t.subject, t.predicate.value, t.object) for t in triples}
    assert len(claims) == 3 and all(
        (c, OWL + "annotatedSource", ox.NamedNode(RUSSIA)) in spo for c in claims)
    evidence = {t.object.value for t in triples
                if t.subject in claims and t.predicate.value == f"{NS}ontology#evidence"}
    assert evidence == {f"{ID}quote/{q}" for q in (
        "kapoor-2021-p02-a", "lin-2024-p23-d", "shakhanova-2026-p08-a")}
    assert all(any(t.subject == c and t.predicate.value == OWL + "annotatedProperty"
                   and t.object.value == RDFS_LABEL for t in triples) for c in claims)
    again = client.get(response.headers["Content-Location"])  # the document URL
    check(again, 200, media)


def test_no_accept_gives_html_and_unknown_gives_404(client):
    check(client.get("/id/state/russia"), 200, HTML)
    assert "is not in techties" in check(client.get("/id/state/atlantis"), 404)
    check(client.get("/id/state/russia", headers={"Accept": "image/png"}), 406)


def test_an_evidence_page_lists_the_claims_it_backs(client, db):
    html = check(client.get("/id/quote/kapoor-2021-p02-a"), 200, HTML)
    referred = html[html.index("<h2>Referred to by</h2>"):]
    named = re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', referred)
    claims = {row["c"].value for row in db.query(
        f"SELECT DISTINCT ?c {{ ?c <{NS}ontology#evidence> <{NS}id/quote/kapoor-2021-p02-a> }}",
        **merged.union(db))}
    assert {NS + href[1:] for href, _ in named} == claims
    assert all(href.startswith("/.well-known/genid/kapoor-2021-") for href, _ in named)
    assert sorted(name for _, name in named) == [
        "China rdf:type state", "China rdfs:label China",
        "Russia rdf:type state", "Russia rdfs:label Russia",
        "Russia-China scientific and technological cooperation assessment has "
        "increasingly gained significance in the Russia-China bilateral relationship",
        "Russia-China scientific and technological cooperation partner China",
        "Russia-China scientific and technological cooperation partner Russia",
        "Russia-China scientific and technological cooperation rdf:type cooperation",
        "Russia-China scientific and technological cooperation skos:altLabel "
        "Technological cooperation"]
    # a blank claim's page, by its skolem IRI, is a claim's page
    html = check(client.get(sorted(named, key=lambda n: n[1])[3][0]), 200, HTML)
    assert "<h1>Russia rdfs:label Russia</h1>" in html and "<h2>Claim</h2>" in html


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
    rows = db.query(text, **merged.union(db))
    assert sorted({r["agreement"].value for r in rows}) == [
        ID + "instrument/agreement-on-cooperation-in-the-field-of-space-2018",
        ID + "instrument/artemis-accords",
        ID + "instrument/glonass-beidou-agreement",  # satellite navigation: narrower
        ID + "instrument/international-scientific-lunar-station-agreement-2022",
        ID + "instrument/lunar-station-declaration-2019",
    ]


def test_library_query_empty_value_leaves_it_unbound(client):
    text = check(client.get("/queries/agreements-by-domain.rq", query_string={"domain": ""}),
                 200, "application/sparql-query; charset=utf-8")
    assert "VALUES (?domain)" not in text and "?domain" in text
    assert text.count("VALUES") == (ROOT / "queries" / "agreements-by-domain.rq").read_text(
        encoding="utf-8").count("VALUES")  # the query's own, and no other


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
    served = db.query(text, **merged.union(db))
    assert len(again) == len(list(served)) == (7 if domain else 53)



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


# --- a source document's text, its quoted passages marked ---------------------------------

class Marked(HTMLParser):
    """The text of a document page (its div.doctext), with where each anchor stands and, for
    each marked piece, the passages (the mark's title) and whether it is the current one."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside, self.text, self.anchors, self.marks, self.mark = False, "", {}, [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div" and a.get("class") == "doctext":
            self.inside = True
        elif self.inside and tag == "span" and a.get("class") == "anchor":
            self.anchors[a["id"]] = len(self.text)
        elif self.inside and tag == "mark":
            self.mark = [len(self.text), None, set(a["title"].split(", ")),
                         a.get("class") == "current"]

    def handle_endtag(self, tag):
        if tag == "div" and self.inside:
            self.inside = False
        elif tag == "mark" and self.mark is not None:
            self.mark[1] = len(self.text)
            self.marks.append(tuple(self.mark))
            self.mark = None

    def handle_data(self, data):
        if self.inside:
            self.text += data


@pytest.fixture
def with_texts(store_path):
    return make_app(store_path, sources=str(shared_dir() / "sources")).test_client()


def positions(db, document: str) -> dict[str, tuple[int, int]]:
    rows = db.query(f"""PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT DISTINCT ?e ?start ?end {{ ?e oa:hasSource <{ID}source/{document}> ;
            oa:hasSelector ?p . ?p oa:start ?start ; oa:end ?end }}""",
                    **merged.union(db))
    return {r["e"].value.rsplit("/", 1)[-1]: (int(r["start"].value), int(r["end"].value))
            for r in rows}


def test_a_document_page_shows_its_text_each_quoted_passage_marked(with_texts, db):
    html = check(with_texts.get("/documents/kapoor-2021"), 200, HTML)
    placed = positions(db, "kapoor-2021")
    assert "<h1>Tech-tonic shift in Sino-Russian cooperation</h1>" in html
    assert (f'<p class="iri"><a href="/id/source/kapoor-2021"><code>{ID}source/kapoor-2021'
            f"</code></a> · {len(placed)} quoted passages\n · no licence stated: shown to "
            "locate its quotes</p>") in html
    page = Marked()
    page.feed(html)
    raw = (shared_dir() / "sources" / "000_b18330b4de0cd4a8.txt").read_text(encoding="utf-8")
    assert page.text == raw  # the whole text, as it is
    assert page.anchors == {anchor: start for anchor, (start, _) in placed.items()}
    # each passage is marked exactly over its span, in pieces where passages overlap
    for anchor, (start, end) in placed.items():
        pieces = sorted((a, b) for a, b, titles, _ in page.marks if anchor in titles)
        assert pieces[0][0] == start and pieces[-1][1] == end
        assert all(b == c for (_, b), (c, _) in zip(pieces, pieces[1:], strict=False))
    assert not any(current for *_, current in page.marks)
    assert len(placed) > 100


def test_the_passage_an_entity_page_links_to_is_highlighted(with_texts, db):
    rows = dict(statements(check(with_texts.get(CONTRACT), 200, HTML)))
    (_, _, [(quote, passage, *_)]) = rows["status"][0]
    html = check(with_texts.get(passage), 200, HTML)
    page = Marked()
    page.feed(html)
    current = [(a, b) for a, b, titles, is_current in page.marks if is_current]
    start, end = positions(db, "shakhanova-2026")["shakhanova-2026-p29-b"]
    assert current[0][0] == start and current[-1][1] == end
    assert all(("shakhanova-2026-p29-b" in titles) == is_current
               for *_, titles, is_current in page.marks)
    assert " ".join(page.text[start:end].split()) == quote
    assert "licence <a href=\"http://creativecommons.org/licenses/by/4.0/\" rel=\"license\">" \
        in html


def test_without_its_text_a_document_page_lists_its_passages_in_order(client, db, tmp_path,
                                                                      store_path):
    bare = make_app(store_path, sources=str(tmp_path)).test_client()
    html = check(bare.get("/documents/kapoor-2021?passage=kapoor-2021-p02-a"), 200, HTML)
    assert "The text of this document is not on this server (TECHTIES_SOURCES)" in html
    items = re.findall(r'<li id="([^"]+)"( class="current")?><blockquote>(.*?)</blockquote> '
                       r'<a class="muted" href="/id/quote/\1">evidence</a></li>', html, re.S)
    placed = positions(db, "kapoor-2021")
    assert [anchor for anchor, *_ in items] == sorted(placed, key=lambda a: (placed[a][0], a))
    assert [anchor for anchor, current, _ in items if current] == ["kapoor-2021-p02-a"]
    quotes = dict((anchor, quote) for anchor, _, quote in items)
    assert quotes["kapoor-2021-p02-a"] == ("Technological cooperation has increasingly gained "
                                           "significance in the Russia-China bilateral "
                                           "relationship")


@pytest.mark.parametrize("slug", ["nope", "law-and-politics", "..", "kapoor-2021.ttl"])
def test_only_source_documents_have_a_document_page(with_texts, slug):
    text = check(with_texts.get(f"/documents/{slug}"), 404)
    assert f"no source document {slug!r} in techties" in text


def test_a_source_documents_entity_page_links_its_text(client):
    html = check(client.get("/id/source/kapoor-2021"), 200, HTML)
    assert '<p><a href="/documents/kapoor-2021">Read the document, its quoted passages ' \
           'marked</a></p>' in html
    cited = check(client.get("/id/source/law-and-politics"), 200, HTML)  # a cited work
    assert "Read the document" not in cited
