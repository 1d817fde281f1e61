"""In a real browser (Playwright driving Debian's headless Chromium): the site's search box
and its suggestions, and the query editor's completion of prefixes, classes, properties and
entities, all answered by techties itself: any request the page makes to another host is
refused and fails the test.

Then the query page's result views (bar and line charts, timeline, network) and a result cut
at the row limit; the workbench (submitting, and a curator's review with the token); the
ontology's pages and diagrams; and the phone layouts at 390 px.

Skipped, saying why, where there is no Chromium (``make test`` installs Debian's where it
can: ``apt-get install chromium``) or no Playwright (the test extra). Screenshots go to
``TECHTIES_SCREENSHOTS`` (a folder), else to ``test-output/screenshots`` in the checkout.
"""

import os
import shutil
from pathlib import Path

import pytest
from helpers import ROOT, TOKEN, serve

pytestmark = [pytest.mark.servers, pytest.mark.slow]

CHROMIUM = os.environ.get("TECHTIES_CHROMIUM") or shutil.which("chromium") or \
    shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("no Chromium on this machine (apt-get install chromium, or set "
                    "TECHTIES_CHROMIUM): the browser tests need one")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="Playwright is not installed (the test extra)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site(store_path, tmp_path_factory):
    proc, base = serve(store_path, tmp_path_factory.mktemp("browser"),
                       {**os.environ, "TECHTIES_QUERY_WORKERS": "1"})
    yield base
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def writable_site(store_path, tmp_path_factory):
    """A server over a copy of the store, with the write token and a row limit of 20."""
    folder = tmp_path_factory.mktemp("browser-writable")
    copy = folder / "store"
    shutil.copytree(store_path, copy)
    proc, base = serve(copy, folder, {**os.environ, "TECHTIES_QUERY_WORKERS": "1",
                                      "TECHTIES_WRITE_TOKEN": TOKEN, "TECHTIES_ROW_LIMIT": "20"})
    yield base
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture
def shots() -> Path:
    folder = Path(os.environ.get("TECHTIES_SCREENSHOTS") or ROOT / "test-output" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _tab(browser, site, **options):
    """A page that may reach ``site`` only: every other request is refused and recorded
    (``tab.outside``), as are the page's script errors (``tab.errors``)."""
    context = browser.new_context(**options)
    tab = context.new_page()
    tab.outside, tab.errors = [], []

    def only_here(route):
        if route.request.url.startswith(site):
            route.continue_()
        else:
            tab.outside.append(route.request.url)
            route.abort()

    tab.route("**/*", only_here)
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.base = site
    return context, tab


@pytest.fixture
def page(browser, site):
    context, tab = _tab(browser, site, viewport={"width": 1280, "height": 860})
    yield tab
    context.close()
    assert tab.outside == [], f"the page called other hosts: {tab.outside}"
    assert tab.errors == [], f"the page's scripts failed: {tab.errors}"


@pytest.fixture
def desk(browser, writable_site):
    """A desktop page on the writable server."""
    context, tab = _tab(browser, writable_site, viewport={"width": 1280, "height": 860})
    yield tab
    context.close()
    assert tab.outside == [] and tab.errors == [], (tab.outside, tab.errors)


@pytest.fixture
def phone(browser, writable_site):
    """A 390 px wide phone (an iPhone 12-15's CSS width) on the writable server."""
    context, tab = _tab(browser, writable_site, viewport={"width": 390, "height": 844},
                        is_mobile=True, has_touch=True, device_scale_factor=2)
    yield tab
    context.close()
    assert tab.outside == [] and tab.errors == [], (tab.outside, tab.errors)


def test_the_search_box_suggests_and_opens(page, shots):
    page.goto(page.base + "/id/state/russia")
    box = page.locator("form.site-search input[name=q]")
    box.click()
    box.type("huaw", delay=60)
    first = page.locator("form.site-search ul.suggestions li").first
    first.wait_for()
    assert first.inner_text().startswith("Huawei")
    page.screenshot(path=str(shots / "search-box-suggestions.png"))
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url("**/id/organization/huawei")
    assert page.locator("h1").inner_text() == "Huawei"


def test_the_search_page_in_other_scripts_with_facets(page, shots):
    page.goto(page.base + "/id/state/china")
    box = page.locator("form.site-search input[name=q]")
    box.fill("Россия")
    box.press("Enter")
    page.wait_for_url("**/search?q=*")
    hits = page.locator("ol.hits a.hit")
    assert hits.first.inner_text() == "Russia"
    assert "as “Россия”" in page.locator("ol.hits li").first.inner_text()
    page.goto(page.base + "/search?q=huawei")
    assert page.locator(".facets li").count() >= 3
    page.screenshot(path=str(shots / "search-page-facets.png"), full_page=True)


def editor(page, text: str):
    """Put ``text`` in the query editor, then type ``typed`` at its end as a person would."""
    page.wait_for_function("window.techtiesYasgui && window.techtiesYasgui.getTab()")
    page.evaluate("""(text) => {
        const yasqe = window.techtiesYasgui.getTab().getYasqe();
        yasqe.setValue(text);
        yasqe.focus();
        yasqe.getDoc().setCursor(yasqe.getDoc().lastLine(), 1000);
    }""", text)


def hints(page) -> list[str]:
    shown = page.locator(".CodeMirror-hints li")
    shown.first.wait_for(timeout=10_000)
    return shown.all_inner_texts()


@pytest.mark.parametrize("start, typed, expected, shot", [
    ("PREFIX tt: <https://w3id.org/techties/ontology#>\nSELECT * WHERE {\n  ?s a ", "tt:Comp",
     "tt:Company", "autocomplete-class.png"),
    ("PREFIX tt: <https://w3id.org/techties/ontology#>\nSELECT * WHERE {\n  ?s ", "tt:based",
     "tt:basedIn", "autocomplete-property.png"),
    ("PREFIX tt: <https://w3id.org/techties/ontology#>\n"
     "PREFIX st: <https://w3id.org/techties/id/state/>\nSELECT * WHERE {\n  ?s tt:basedIn ",
     "st:ru", "st:russia", "autocomplete-entity.png"),
])
def test_the_query_editor_completes_from_techties(page, shots, start, typed, expected, shot):
    page.goto(page.base + "/")
    editor(page, start)
    page.keyboard.type(typed, delay=80)
    found = hints(page)
    assert any(h.startswith(expected) for h in found), found
    page.screenshot(path=str(shots / shot))
    assert "Failed fetching suggestions" not in page.content()


def test_the_query_editor_completes_prefixes_from_techties(page, shots):
    page.goto(page.base + "/")
    editor(page, "PREFIX ")
    page.keyboard.type("st", delay=80)
    found = hints(page)
    assert "st: <https://w3id.org/techties/id/state/>" in found, found
    page.screenshot(path=str(shots / "autocomplete-prefix.png"))


# --- the query page's result views ----------------------------------------------------------

def run_query(page, text: str):
    """Put ``text`` in the editor of the current tab, run it, wait for its results."""
    page.wait_for_function("window.techtiesYasgui && window.techtiesYasgui.getTab()")
    page.evaluate("""(text) => {
        const tab = window.techtiesYasgui.getTab();
        window.techtiesDone = false;
        tab.getYasr().once("drawn", () => { window.techtiesDone = true; });
        tab.getYasqe().setValue(text);
        tab.query();
    }""", text)
    page.wait_for_function("window.techtiesDone === true", timeout=20_000)


def show(page, view: str):
    """Switch the current tab's results to ``view``; the plugin YASR then draws."""
    page.locator(f".tabPanel.active .yasr_btn.select_{view}").click()
    page.wait_for_function(
        "(view) => window.techtiesYasgui.getTab().getYasr().drawnPlugin === view", arg=view)
    page.wait_for_timeout(300)  # the libraries draw on the next frames


def rows(page) -> int:
    return page.evaluate("window.techtiesYasgui.getTab().getYasr().results.getBindings().length")


PER_YEAR = """PREFIX tt: <https://w3id.org/techties/ontology#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?year (COUNT(DISTINCT ?agreement) AS ?agreements) WHERE {
  ?agreement a tt:Agreement ; tt:date ?date . FILTER (isLiteral(?date))
  BIND (xsd:integer(SUBSTR(STR(?date), 1, 4)) AS ?year)
} GROUP BY ?year ORDER BY ?year"""

EVENTS = """PREFIX tt: <https://w3id.org/techties/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?date ?event ?label WHERE {
  ?event a tt:Event ; rdfs:label ?label ; tt:date ?date .
  FILTER (LANG(?label) = "en" && isLiteral(?date))
} ORDER BY ?date"""

PARTNERS = """PREFIX tt: <https://w3id.org/techties/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?actor ?actorLabel ?cooperationLabel ?partner ?partnerLabel WHERE {
  ?cooperation a tt:Cooperation ; tt:partner ?actor , ?partner ; rdfs:label ?cooperationLabel .
  FILTER (STR(?actor) < STR(?partner))
  ?actor rdfs:label ?actorLabel . ?partner rdfs:label ?partnerLabel .
  FILTER (LANG(?actorLabel) = "en" && LANG(?partnerLabel) = "en" && LANG(?cooperationLabel) = "en")
}"""


@pytest.mark.parametrize("kind", ["bar", "line"])
def test_numeric_columns_as_a_chart(page, shots, kind):
    page.goto(page.base + "/")
    run_query(page, PER_YEAR)
    assert page.locator(".tabPanel.active .yasr_btn.select_timeline").is_hidden() or \
        "disabled" in (page.locator(".tabPanel.active .yasr_btn.select_timeline")
                       .get_attribute("class") or "")
    show(page, kind)
    chart = page.evaluate("""() => {
        const c = Chart.getChart(document.querySelector(".tabPanel.active .techties-chart canvas"));
        return {type: c.config.type, labels: c.data.labels,
                series: c.data.datasets.map(d => [d.label, d.data.length])};
    }""")
    n = rows(page)
    assert n > 3
    assert chart["type"] == kind
    assert len(chart["labels"]) == n and chart["labels"] == sorted(chart["labels"], key=int)
    assert chart["series"] == [["agreements", n]]
    page.screenshot(path=str(shots / f"view-{kind}-chart.png"))


def test_date_columns_as_a_timeline_with_every_entry_on_screen(page, shots):
    page.goto(page.base + "/")
    run_query(page, EVENTS)
    show(page, "timeline")
    page.wait_for_timeout(500)
    n = rows(page)
    items = page.locator(".tabPanel.active .techties-timeline .vis-item-content")
    assert n > 5 and items.count() == n
    assert "Peace Mission 2022" in page.locator(".tabPanel.active .techties-timeline").inner_text()
    assert entries_off_screen(page) == 0
    page.screenshot(path=str(shots / "view-timeline.png"))


def entries_off_screen(page) -> int:
    """How many of the timeline's entries (their text too) run past its left or right edge."""
    return page.evaluate("""() => {
        const panel = document.querySelector(".tabPanel.active .techties-timeline .vis-center")
            .getBoundingClientRect();
        return [...document.querySelectorAll(".tabPanel.active .techties-timeline .vis-item")]
            .map(el => el.getBoundingClientRect())
            .filter(r => r.left < panel.left - 1 || r.right > panel.right + 1).length;
    }""")


def test_iri_to_iri_rows_as_a_network(page, shots):
    page.goto(page.base + "/")
    run_query(page, PARTNERS)
    show(page, "network")
    graph = page.evaluate("""() => {
        const cy = window.techtiesYasgui.getTab().getYasr().plugins.network.cy;
        return {nodes: cy.nodes().map(n => n.data("label")), edges: cy.edges().length,
                russiaChina: cy.edges().filter(e =>
                    [e.source().data("label"), e.target().data("label")].sort().join() ===
                    "China,Russia").map(e => e.data("ties").length)};
    }""")
    assert "Russia" in graph["nodes"] and "China" in graph["nodes"] and "Huawei" in graph["nodes"]
    assert graph["edges"] >= 10
    assert graph["russiaChina"] and graph["russiaChina"][0] > 3  # many ties, one edge
    page.screenshot(path=str(shots / "view-network.png"))


def test_a_result_cut_at_the_row_limit_says_so(desk, shots):
    desk.goto(desk.base + "/")
    run_query(desk, "SELECT * WHERE { ?s ?p ?o }")
    chip = desk.locator(".tabPanel.active .yasr_response_chip")
    assert chip.inner_text() == "Cut at the row limit: the first 20 results only (more exist)"
    assert chip.locator("a").get_attribute("href") == "/help/row-limit"
    run_query(desk, "SELECT * WHERE { ?s ?p ?o } LIMIT 5")
    assert chip.inner_text().startswith("5 results in ")
    run_query(desk, "SELECT * WHERE { ?s ?p ?o }")
    desk.screenshot(path=str(shots / "query-truncated.png"))


# --- the workbench ----------------------------------------------------------------------------

DATA = ROOT / "tests" / "data" / "submissions"


def submit(page, text: str):
    page.goto(page.base + "/submissions/new")
    page.fill("#rdf-text", text)
    page.click("#submit-form button[type=submit]")
    page.locator("#submit-result .http-status").wait_for()
    return page.locator("#submit-result").inner_text()


def test_the_workbench_submits_and_a_curator_decides(desk, shots):
    said = submit(desk, (DATA / "valid.ttl").read_text())
    assert said.startswith("Received: /submissions/") and "Conforms" in said and "pending" in said
    good = said.split("Received: /submissions/")[1].split()[0]
    desk.screenshot(path=str(shots / "workbench-submitted.png"), full_page=True)
    said = submit(desk, (DATA / "invalid.ttl").read_text())
    assert said.startswith("Recorded as rejected") and "Does not conform" in said
    assert desk.locator("#submit-result table.report tr.Violation").count() >= 1
    desk.screenshot(path=str(shots / "workbench-rejected.png"), full_page=True)
    second = submit(desk, (DATA / "valid.ttl").read_text().replace(
        "example-memorandum-on-ai", "example-memorandum-on-robots"))
    other = second.split("Received: /submissions/")[1].split()[0]

    desk.goto(desk.base + "/submissions/review")
    assert desk.locator("section.pending").count() == 2
    accept = desk.locator(f"#s-{good} button[data-decision=accept]")
    assert accept.is_disabled()
    desk.fill("#curator-token", "wrong")
    desk.click("#token-form button[type=submit]")
    desk.wait_for_function("document.getElementById('token-state').className === 'refused'")
    assert desk.locator("#token-state").inner_text() == "Token refused: wrong write token"
    assert accept.is_disabled()
    desk.fill("#curator-token", TOKEN)
    desk.click("#token-form button[type=submit]")
    desk.wait_for_function("document.getElementById('token-state').className === 'ok'")
    assert accept.is_enabled()
    assert TOKEN not in desk.url and desk.locator("#curator-token").input_value() == ""
    assert desk.evaluate("sessionStorage.getItem('techties-curator-token')") == TOKEN
    assert desk.evaluate("localStorage.length") == 0
    assert "+ in:example-memorandum-on-ai tt:party st:russia ." in \
        desk.locator(f"#s-{good} pre.diff").inner_text()
    desk.screenshot(path=str(shots / "workbench-review.png"), full_page=True)

    accept.click()
    desk.wait_for_function(f"document.getElementById('s-{good}').dataset.decided")
    assert desk.locator(f"#s-{good} output.decided").inner_text() == "Done: accepted."
    reject = desk.locator(f"#s-{other} button[data-decision=reject]")
    reject.click()
    assert desk.locator(f"#s-{other} output.decided").inner_text() == "A rejection needs a reason."
    desk.fill(f"#s-{other} input[name=reason]", "a duplicate of the memorandum on AI")
    reject.click()
    desk.wait_for_function(f"document.getElementById('s-{other}').dataset.decided")
    desk.screenshot(path=str(shots / "workbench-decided.png"), full_page=True)
    records = desk.evaluate("""(ids) => Promise.all(ids.map(id =>
        fetch("/submissions/" + id).then(r => r.json())
          .then(r => [r.status, r.decision && r.decision.reason])))""", [good, other])
    assert records[0][0] == "accepted"
    assert records[1] == ["rejected", "a duplicate of the memorandum on AI"]
    # a reload keeps the token for this tab; the queue is empty now
    desk.reload()
    desk.wait_for_function("document.getElementById('token-state').className === 'ok'")
    assert "No submission is waiting for review." in desk.content()


def test_the_workbench_takes_a_file_in_its_format(desk, shots):
    desk.goto(desk.base + "/submissions/new")
    desk.set_input_files("#rdf-file", str(DATA / "company-party.jsonld"))
    assert desk.locator("#rdf-format").input_value() == "application/ld+json"
    desk.click("#submit-form button[type=submit]")
    desk.locator("#submit-result .http-status").wait_for()
    said = desk.locator("#submit-result").inner_text()
    assert said.startswith("Received: /submissions/") and "application/ld+json" in said
    assert "Conforms" in said


# --- the ontology -----------------------------------------------------------------------------

def test_the_ontology_pages_and_their_diagrams(page, shots):
    page.goto(page.base + "/ontology")
    page.wait_for_function("window.techtiesOntologyDiagram")
    drawn = page.evaluate("""() => ({nodes: techtiesOntologyDiagram.nodes().length,
        edges: techtiesOntologyDiagram.edges().length,
        data: JSON.parse(document.getElementById('onto-diagram-data').textContent)
              .nodes.length})""")
    assert drawn["nodes"] == drawn["data"] > 40 and drawn["edges"] > 40
    page.locator("#diagram").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "ontology-diagram.png"))
    heights = {}
    for path in ("/ontology", "/ontology/shapes", "/ontology/Agreement", "/ontology/party"):
        page.goto(page.base + path)
        heights[path] = page.evaluate("document.documentElement.scrollHeight")
    assert max(heights.values()) < 15_000, heights
    page.goto(page.base + "/ontology/Agreement")
    page.wait_for_function("window.techtiesOntologyDiagram")
    focus = page.evaluate("techtiesOntologyDiagram.nodes('.focus').map(n => n.data('label'))")
    assert focus == ["tt:Agreement"]
    assert "tts:AgreementShape" in page.locator("#shapes ~ .shape").first.inner_text()
    page.screenshot(path=str(shots / "ontology-term.png"), full_page=True)
    # a class on the diagram opens its page
    page.evaluate("techtiesOntologyDiagram.nodes().filter(n => n.data('label') === 'tt:Treaty')"
                  ".emit('tap')")
    page.wait_for_url("**/ontology/Treaty")


# --- an entity's partners ---------------------------------------------------------------------

def test_the_entity_page_draws_its_partner_network(page, shots):
    page.goto(page.base + "/id/state/russia")
    page.wait_for_function("window.techtiesPartners")
    drawn = page.evaluate("""() => ({
        focus: techtiesPartners.nodes('.focus').map(n => n.data('label')),
        partners: techtiesPartners.nodes().not('.focus').map(n => n.data('label')),
        listed: document.querySelectorAll('ul.partners > li').length})""")
    assert drawn["focus"] == ["Russia"]
    assert "China" in drawn["partners"] and len(drawn["partners"]) == drawn["listed"]
    page.locator("#partners").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "entity-partners.png"))
    # a line to China opens China's ties in the list, with their passages
    china = page.locator("#partner-0")
    assert not china.locator("details").first.get_attribute("open")
    page.evaluate("""techtiesPartners.edges().filter(e => e.target().data('label') === 'China')
                     [0].emit('tap')""")
    page.wait_for_function("document.querySelector('#partner-0 details').open")
    china.locator("details.tie-evidence summary").first.click()
    passage = china.locator("details.tie-evidence blockquote").first
    assert passage.is_visible() and passage.inner_text().startswith("“")
    assert "Referred to by" in page.content() and "headquarters of" in page.content()
    page.screenshot(path=str(shots / "entity-partner-evidence.png"))
    # a partner's name on the drawing opens its page
    page.evaluate("techtiesPartners.nodes().filter(n => n.data('label') === 'Huawei').emit('tap')")
    page.wait_for_url("**/id/organization/huawei")


# --- phones -----------------------------------------------------------------------------------

def overlaps(a: dict, b: dict) -> bool:
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"] or
                a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_phone_query_page(phone, shots):
    phone.goto(phone.base + "/")
    run_query(phone, "PREFIX tt: <https://w3id.org/techties/ontology#>\n"
                     "SELECT ?agreement ?date WHERE { ?agreement a tt:Agreement ; tt:date ?date "
                     "FILTER (isLiteral(?date)) }")
    run = phone.locator(".tabPanel.active .yasqe_queryButton").bounding_box()
    first = phone.locator(".tabPanel.active .CodeMirror-line").first.bounding_box()
    assert not overlaps(run, first), (run, first)
    assert fits(phone)
    table = phone.evaluate("""() => { const el = document.querySelector(
        ".tabPanel.active .yasr_results"); const t = el.querySelector("table");
        return {overflow: getComputedStyle(el).overflowX, table: t.scrollWidth,
                box: el.clientWidth}; }""")
    assert table["overflow"] == "auto" and table["box"] <= 390
    phone.screenshot(path=str(shots / "phone-query.png"), full_page=True)
    chip = phone.locator(".tabPanel.active .yasr_response_chip").bounding_box()
    assert chip["x"] >= 0 and chip["x"] + chip["width"] <= 390  # wrapped, not cut
    show(phone, "timeline")
    phone.wait_for_timeout(500)
    assert fits(phone)
    assert phone.locator(".tabPanel.active .techties-timeline .vis-item-content").count() == 20
    assert entries_off_screen(phone) == 0
    phone.locator(".tabPanel.active .yasr").screenshot(path=str(shots / "phone-timeline.png"))


def test_phone_entity_page(phone, shots):
    phone.goto(phone.base + "/id/state/russia")
    assert fits(phone)
    assert phone.locator(".chart svg.timeline").is_hidden()
    listed = phone.locator("ol.timeline-list li")
    assert listed.count() > 5 and listed.first.is_visible()
    right = phone.evaluate("""() => Math.max(...[...document.querySelectorAll(
        "ol.timeline-list li")].map(li => li.getBoundingClientRect().right))""")
    assert right <= 390
    phone.screenshot(path=str(shots / "phone-entity.png"), full_page=True)


@pytest.mark.parametrize("path, shot", [
    ("/no/such/page", "phone-404.png"),
    ("/submissions/review", "phone-review.png"),
    ("/submissions", "phone-submissions.png"),
    ("/ontology/Agreement", "phone-ontology-term.png"),
    ("/ontology", "phone-ontology.png"),
    ("/ontology/shapes", "phone-ontology-shapes.png"),
    ("/void", "phone-void.png"),
    ("/dumps/", "phone-dumps.png"),
    ("/id/", "phone-browse.png"),
    ("/search?q=huawei", "phone-search.png"),
    ("/id/organization/huawei", "phone-huawei.png"),
])
def test_phone_pages_fit(phone, shots, path, shot):
    if path == "/submissions/review":  # one pending, its diff and report on the phone
        phone.goto(phone.base + "/submissions/new")
        phone.evaluate("""(text) => fetch("/submissions", {method: "POST", body: text,
            headers: {"Content-Type": "text/turtle"}})""",
            (DATA / "valid.ttl").read_text().replace("-on-ai", "-on-phones"))
    response = phone.goto(phone.base + path)
    if path == "/no/such/page":
        assert response.status == 404
        assert phone.locator("header.site nav").is_visible()  # in the site's layout
        assert phone.locator("h1").inner_text() == "404 Not Found"
    assert fits(phone)
    phone.screenshot(path=str(shots / shot), full_page=True)
