"""In a real browser (Playwright driving Debian's headless Chromium): the site's search box
and its suggestions, and the query editor's completion of prefixes, classes, properties and
entities, all answered by techties itself: any request the page makes to another host is
refused and fails the test.

Skipped, saying why, where there is no Chromium (``make test`` installs Debian's where it
can: ``apt-get install chromium``) or no Playwright (the test extra). Screenshots go to
``TECHTIES_SCREENSHOTS`` (a folder), else to the test's temporary folder.
"""

import os
import shutil
from pathlib import Path

import pytest
from helpers import serve

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


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("TECHTIES_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def page(browser, site):
    """A page that may reach this server only: every other request is refused, recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    tab = context.new_page()
    outside = []

    def only_here(route):
        if route.request.url.startswith(site):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    tab.route("**/*", only_here)
    tab.base = site
    yield tab
    context.close()
    assert outside == [], f"the page called other hosts: {outside}"


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
