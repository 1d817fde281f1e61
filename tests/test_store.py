"""Building the store: graphs, inference, determinism, refusal, crash recovery."""

import shutil

import pyoxigraph as ox
import pytest

from server import namespaces as ns
from server import store
from server.graph import curated, load


def dump(path):
    db = store.open_store(path, read_only=True)
    return sorted(str(q) for q in db.quads_for_pattern(None, None, None, None))


def test_one_graph_per_file_plus_ontology_and_inferred(db):
    graphs = {g.value for g in db.named_graphs()}
    expected = {ns.ONTOLOGY_GRAPH, ns.INFERRED_GRAPH}
    expected |= {ns.instances_graph(p.stem) for p in curated.instance_files()}
    expected |= {ns.links_graph(p.stem) for p in curated.link_files()}
    assert graphs == expected


@pytest.mark.slow
def test_loading_twice_gives_the_same_store(store_path, tmp_path):
    again = tmp_path / "again"
    load.load(again)
    assert dump(again) == dump(store_path)


def test_subclass_memberships_are_materialized(db):
    huawei = "<https://w3id.org/techties/id/organization/huawei>"
    rows = db.query(f"""SELECT ?type {{ GRAPH <{ns.INFERRED_GRAPH}> {{ {huawei} a ?type }} }}
                        ORDER BY ?type""")
    assert [r["type"].value for r in rows] == [
        "http://www.w3.org/ns/org#Organization",
        "http://www.w3.org/ns/prov#Agent",
        "https://w3id.org/techties/ontology#Actor",
    ]


def test_union_is_the_default_graph(db):
    ask = "ASK { <https://w3id.org/techties/id/state/russia> a <http://www.w3.org/ns/prov#Agent> }"
    assert db.query(ask, use_default_graph_as_union=True)
    assert not db.query(ask)


def test_blank_nodes_become_stable_iris(db):
    rows = list(db.query("SELECT ?e { ?x <https://w3id.org/techties/ontology#evidence> ?e }",
                         use_default_graph_as_union=True))
    assert rows and all(isinstance(r["e"], ox.NamedNode) for r in rows)
    assert all(r["e"].value.startswith("https://w3id.org/techties/.well-known/genid/")
               for r in rows)


def test_nonconforming_data_is_refused_and_the_store_kept(store_copy, tmp_path, monkeypatch):
    target = store_copy
    before = dump(target)
    instances = tmp_path / "instances"
    instances.mkdir()
    shutil.copy(curated.INSTANCES_DIR / "sources.ttl", instances)
    (instances / "bad.ttl").write_text(
        "@prefix tt: <https://w3id.org/techties/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://w3id.org/techties/id/instrument/lonely> a tt:Treaty ;\n"
        "    rdfs:label \"a treaty with no parties\"@en .\n")
    monkeypatch.setattr(curated, "INSTANCES_DIR", instances)
    monkeypatch.setattr(curated, "LINKS_DIR", instances / "links")
    with pytest.raises(load.NotConforming) as refused:
        load.load(target)
    focus = {r.focus for r in refused.value.report.violations}
    assert "<https://w3id.org/techties/id/instrument/lonely>" in focus
    assert dump(target) == before


def test_an_interrupted_swap_is_recovered(store_path, tmp_path):
    # A crash between the two renames of a build leaves only the old store, under .old.
    target = tmp_path / "store"
    shutil.copytree(store_path, tmp_path / "store.old")
    assert dump(target) == dump(store_path)
    assert not (tmp_path / "store.old").exists()


def test_a_write_only_in_the_log_reaches_the_readers_once_the_store_is_opened_to_write(
        store_copy):
    # A process killed between a write and its flush leaves the write in the store's
    # write-ahead log only, which a checkpoint of the store opened read-only lacks.
    import gc

    from server.store.dataset import Dataset

    target = store_copy
    writer = ox.Store(str(target))
    writer.update("INSERT DATA { GRAPH <http://example.org/g> { <http://e/s> <http://e/p> 1 } }")
    del writer
    gc.collect()
    dataset = Dataset(target)
    dataset.writable()
    with dataset.reader() as db:
        assert db.contains_named_graph(ox.NamedNode("http://example.org/g"))
