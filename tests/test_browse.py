"""Browsing: /id/ and /id/<kind>/, /class/, class pages whose items never split across
columns, and an entity page's "Referred to by" grouped by relation and kind, folded."""

import re

import pytest
from helpers import check

from server.submission.names import kinds
from server.web import browse


def page(client, path) -> str:
    return check(client.get(path, headers={"Accept": "text/html"}), 200)


def test_the_index_of_kinds(client):
    html = page(client, "/id/")
    for kind in kinds():
        assert f'<a href="/id/{kind.path}/">{kind.path}/</a>' in html
    assert re.search(r'<a href="/id/state/">state/</a>.*?<td class="num">16</td>', html, re.S)


def test_the_entities_of_a_kind(client):
    html = page(client, "/id/state/")
    names = re.findall(r'<li><a href="/id/state/[^"]+">([^<]+)</a>', html)
    assert names[:3] == ["Armenia", "Australia", "Belarus"] and len(names) == 16
    assert client.get("/id/nope/").status_code == 404


def test_paging_the_entities_of_a_kind(client):
    first = page(client, "/id/event/")
    assert 'href="?offset=' not in first or "next</a>" in first
    second = page(client, "/id/organization/?offset=10")
    assert "previous</a>" in second


def test_the_index_of_classes(client):
    html = page(client, "/class/")
    assert '<a href="/class/State">state</a> <span class="muted">tt:State · 16</span>' in html
    assert '<a href="/class/Company">company</a>' in html


def test_class_pages_keep_each_item_in_one_column(client):
    response = client.get("/static/find.css")
    css = check(response, 200)
    response.close()
    assert "ul.columns li { break-inside: avoid; }" in css
    assert 'find.css' in page(client, "/class/State")


def referred(html: str) -> str:
    return html[html.index("<h2>Referred to by</h2>"):]


def rows(html: str) -> dict[str, str]:
    """Each relation's row of "Referred to by", by its prefixed name."""
    return dict(re.findall(r'<tr><th><span title="([^"]+)">.*?</th>\s*<td>(.*?)</td></tr>',
                           html, re.S))


def test_referred_to_by_is_grouped_by_relation_and_kind(client):
    html = referred(page(client, "/id/state/russia"))
    by_relation = rows(html)
    assert len(by_relation) == len(re.findall(r"<tr><th>", html))  # one row per relation
    kinds = re.findall(r'<span class="muted">([^<]+) \((\d+)\):</span>', by_relation["tt:basedIn"])
    assert kinds[0] == ("government body", "4")
    assert [int(n) for _, n in kinds] == sorted((int(n) for _, n in kinds), reverse=True)
    assert {k for k, _ in re.findall(r'<span class="muted">([^<]+) \((\d+)\):</span>',
                                     by_relation["tt:party"])} >= {
        "joint statement", "treaty", "contract"}


@pytest.mark.parametrize("path", ["/id/state/russia", "/id/state/china"])
def test_long_groups_are_folded(client, path):
    html = referred(page(client, path))
    folded = re.findall(r'<details class="referrers"><summary>(.*?)</summary>(.*?)</details>',
                        html, re.S)
    assert folded
    for summary, rest in folded:
        shown = summary.count("<li>")
        more = int(re.search(r"and (\d+) more", summary).group(1))
        assert shown == browse.SHOWN and rest.count("<li>") == more
        assert int(re.search(r"\((\d+)\):", summary).group(1)) == shown + more


def test_the_claims_about_a_thing_are_not_listed_as_referring_to_it(client):
    # they stand beside the values they state, with their evidence; the relations stay
    relations = rows(referred(page(client, "/id/state/russia")))
    assert "tt:party" in relations and "tt:partner" in relations
    assert not [r for r in relations if r.startswith("owl:annotated")]
