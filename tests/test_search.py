"""/search and its index: ranking, prefixes, misspellings, every spelling in every script,
type facets, the index following every write (an accepted submission, an update, a Graph
Store write) and rebuilt when it is missing or stale."""

import json
import shutil

import pyoxigraph as ox
import pytest
from helpers import BEARER, DATA, check, detail, make

from server.search import index

TT = "https://w3id.org/techties/ontology#"
ID = "https://w3id.org/techties/id/"
ORG = "http://www.w3.org/ns/org#"


def found(client, q, **params):
    response = client.get("/search", query_string={"q": q, "format": "json", **params})
    check(response, 200, "application/json")
    return response.get_json()


def ids(answer) -> list[str]:
    return [r["id"].removeprefix(ID) for r in answer["results"]]


@pytest.mark.parametrize("query, first", [
    ("Huawei", "organization/huawei"),      # named, before what mentions it
    ("Russia", "state/russia"),
    ("huaw", "organization/huawei"),        # a prefix
    ("Kaza", "state/kazakhstan"),
    ("Huwaei", "organization/huawei"),      # misspelt: a transposition shares no trigram
    ("Kazakstan", "state/kazakhstan"),
    ("PRC", "state/china"),                 # an alternative label
    ("Sila Sibiri", "product/power-of-siberia"),
    ("Россия", "state/russia"),             # other scripts
    ("中国", "state/china"),
    ("Zhongguo", "state/china"),            # transliterated
    ("Huawei Technologies Co., Ltd.", "organization/huawei"),  # a legal name
])
def test_the_entity_named_comes_first(client, query, first):
    assert ids(found(client, query))[0] == first


def test_things_that_mention_a_name_come_after_it(client):
    answer = found(client, "Huawei")
    assert answer["results"][0]["score"] == 100
    rest = answer["results"][1:]
    assert rest and all("Huawei" in r["name"] and r["score"] < 100 for r in rest)
    assert [r["score"] for r in answer["results"]] == sorted(
        (r["score"] for r in answer["results"]), reverse=True)


def test_the_spelling_that_matched_is_said(client):
    (china, *_) = found(client, "People's Republic of China")["results"]
    assert (china["name"], china["matched"]) == ("China", "People's Republic of China")
    assert china["types"] == [{"id": TT + "State", "name": "state"}]
    assert china["page"] == "/id/state/china"


def test_type_facets_and_filters(client):
    answer = found(client, "huawei")
    facets = {f["id"]: f["count"] for f in answer["facets"]}
    assert facets[TT + "Company"] == 1 and facets[TT + "Sanction"] >= 1
    assert ORG + "Organization" not in facets  # inferred types are not facets...
    for wanted in ("tt:Company", "Company", TT + "Company", "org:Organization"):
        narrowed = found(client, "huawei", type=wanted)  # ...but filter
        assert ids(narrowed) == ["organization/huawei"], wanted
        assert narrowed["total"] == 1
        assert narrowed["facets"] == answer["facets"]  # counted before the filter


def test_paging(client):
    everything = found(client, "russia", limit=100)
    page = found(client, "russia", limit=5, offset=5)
    assert page["total"] == everything["total"] > 10
    assert ids(page) == ids(everything)[5:10]


@pytest.mark.parametrize("params, message", [
    ({"limit": "x"}, "limit must be an integer"),
    ({"limit": "0"}, "limit must be from 1 to 100"),
    ({"type": "nope:Thing"}, "unknown prefix nope: in type 'nope:Thing'"),
    ({"q": "x" * 201}, "q is longer than 200 characters"),
])
def test_bad_parameters_are_400(client, params, message):
    response = client.get("/search", query_string={"q": "a", "format": "json", **params},
                          headers={"Accept": "application/problem+json"})
    assert response.status_code == 400
    assert detail(response) == message


def test_no_query_no_results(client):
    assert found(client, "")["results"] == [] and found(client, "zzqzzq")["total"] == 0


def test_the_page_and_the_search_box(client):
    page = check(client.get("/search?q=huawei", headers={"Accept": "text/html"}), 200)
    assert '<a class="hit" href="/id/organization/huawei">Huawei</a>' in page
    assert "type=https%3A//w3id.org/techties/ontology%23Company" in page  # a facet link
    for path in ("/", "/id/state/russia", "/ontology", "/search", "/class/State"):
        html = check(client.get(path, headers={"Accept": "text/html"}), 200)
        assert '<form class="site-search" action="/search" role="search">' in html, path


def test_completion_for_the_query_ui(client):
    prefixes = client.get("/search/prefixes").get_json()
    assert prefixes["tt"] == TT and prefixes["st"] == ID + "state/"
    classes = client.get("/search/terms", query_string={"kind": "class", "q": TT + "Comp"})
    assert [r["id"] for r in classes.get_json()["results"]][0] == TT + "Company"
    props = client.get("/search/terms", query_string={"kind": "property", "q": TT + "based"})
    assert {r["id"] for r in props.get_json()["results"]} >= {TT + "basedIn"}
    entities = client.get("/search/terms", query_string={"kind": "entity",
                                                         "q": ID + "state/ru"})
    assert entities.get_json()["results"] == [{"id": ID + "state/russia", "name": "Russia"}]
    by_name = client.get("/search/terms", query_string={"kind": "entity", "q": "Россия"})
    assert by_name.get_json()["results"][0]["id"] == ID + "state/russia"
    bad = client.get("/search/terms?kind=verb")
    assert bad.status_code == 400


# --- the index follows the store -------------------------------------------------------------

def test_an_accepted_submission_is_found_at_once(writable):
    client = writable.test_client()
    memo_id = "instrument/example-memorandum-on-ai"
    assert memo_id not in ids(found(client, "memorandum on artificial intelligence"))
    sid = check(client.post("/submissions", data=(DATA / "submissions" / "valid.ttl")
                            .read_bytes(), headers={"Content-Type": "text/turtle"}), 201)
    sid = json.loads(sid)["id"]
    pending = found(client, "memorandum on artificial intelligence")
    assert memo_id not in ids(pending)  # not until accepted
    check(client.post(f"/submissions/{sid}/accept", headers=BEARER), 200)
    (memo, *_) = found(client, "memorandum on artificial intelligence")["results"]
    assert memo["id"] == ID + memo_id
    assert memo["types"] == [{"id": TT + "Memorandum", "name": "memorandum"}]
    assert ids(found(client, "memorandum on artificial", type="tt:Agreement"))[0] == \
        memo_id  # an inferred type filters


def test_graph_store_writes_add_and_remove_names(unvalidated):
    client = unvalidated.test_client()
    graph = "https://w3id.org/techties/graph/notes"
    body = (f"<{ID}organization/example-lab> a <{TT}ResearchInstitution> ; "
            "<http://www.w3.org/2004/02/skos/core#prefLabel> \"Example Lab\"@en ; "
            "<http://www.w3.org/2004/02/skos/core#altLabel> \"Лаборатория Пример\"@ru .")
    check(client.put(f"/store?graph={graph}", data=body,
                     headers={"Content-Type": "text/turtle", **BEARER}), 201)
    assert ids(found(client, "Лаборатория"))[0] == "organization/example-lab"
    assert ids(found(client, "Example Lab"))[0] == "organization/example-lab"
    check(client.delete(f"/store?graph={graph}", headers=BEARER), 204)
    assert "organization/example-lab" not in ids(found(client, "Example Lab"))


def test_a_missing_index_is_built_and_a_stale_one_synced(store_path, store_copy):
    assert index.location(store_path).exists()  # load built it
    beside = index.location(store_copy)
    assert not beside.exists()  # the copy has none
    client = make(store_copy, query_workers=1)
    assert ids(found(client, "Huawei"))[0] == "organization/huawei"
    assert beside.exists()
    # the store changed under the index while no server ran (an import, a restore...)
    del client
    db = ox.Store(str(store_copy))
    db.add(ox.Quad(ox.NamedNode(ID + "organization/huawei"),
                   ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel"),
                   ox.Literal("华为技术"), ox.NamedNode("https://w3id.org/techties/graph/x")))
    db.flush()
    del db
    client = make(store_copy, query_workers=1)
    assert found(client, "华为技术")["results"][0]["matched"] == "华为技术"


def test_only_typed_named_iri_nodes_are_indexed():
    db = ox.Store()
    graph = ox.NamedNode("https://example.org/g")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    typed, untyped = ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/b")
    db.extend([ox.Quad(typed, label, ox.Literal("Alpha"), graph),
               ox.Quad(typed, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                       ox.NamedNode("https://example.org/Thing"), graph),
               ox.Quad(untyped, label, ox.Literal("Beta"), graph)])
    nodes = index.read_nodes(db)
    assert list(nodes) == ["https://example.org/a"]
    assert nodes["https://example.org/a"].types == {"https://example.org/Thing": True}


def test_the_index_is_kept_beside_the_store(store_path, tmp_path):
    assert index.location(store_path) == store_path.with_name("store.search.sqlite")
    assert index.location(store_path, str(tmp_path / "x.sqlite")) == tmp_path / "x.sqlite"
    shutil.rmtree(tmp_path)
