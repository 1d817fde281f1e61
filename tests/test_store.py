"""Building the store: graphs, inference, determinism, refusal, crash recovery."""

import re
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
    """Every claim, time span and citation of the curated files is an IRI in the store: the
    named claims under claim/, the blank ones under .well-known/genid/<file>-<hash>."""
    rows = list(db.query("SELECT ?c { ?c a <http://www.w3.org/2002/07/owl#Axiom> ; "
                         "<https://w3id.org/techties/ontology#evidence> ?e }",
                         use_default_graph_as_union=True))
    assert len(rows) > 3000 and all(isinstance(r["c"], ox.NamedNode) for r in rows)
    blank = [r["c"].value for r in rows if not r["c"].value.startswith(ns.ID + "claim/")]
    stems = "|".join(p.stem for p in curated.instance_files())
    assert all(re.fullmatch(rf"{re.escape(ns.GENID)}({stems})-[0-9a-f]{{32}}", iri)
               for iri in blank)
    assert not list(db.query("SELECT ?s { ?s ?p ?o FILTER (isBlank(?s) || isBlank(?o)) }",
                             use_default_graph_as_union=True))


PREFIXES = """@prefix tt: <https://w3id.org/techties/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix st: <https://w3id.org/techties/id/state/> .
@prefix in: <https://w3id.org/techties/id/instrument/> .
@prefix qt: <https://w3id.org/techties/id/quote/> .
"""
CLAIM = "in:x tt:party st:russia , st:china .\n"


def skolem_iris(text: str, salt: str = "file") -> list[str]:
    from rdflib import Graph

    graph = curated.skolemize(Graph().parse(data=PREFIXES + text, format="turtle"), salt)
    return sorted({str(s) for s in graph.subjects() if str(s).startswith(ns.GENID)})


def claim(target: str, label: str = "b", evidence: str = "qt:a") -> str:
    return (f"_:{label} a owl:Axiom ; owl:annotatedSource in:x ; owl:annotatedProperty tt:party ;"
            f" owl:annotatedTarget {target} ; tt:evidence {evidence} .\n")


def test_a_blank_node_is_named_by_a_hash_of_what_it_says():
    """Not by its label, nor by the order of the file: the same claim, the same IRI; another
    claim, another IRI; the file (its salt) is part of the name."""
    russia = skolem_iris(CLAIM + claim("st:russia"))
    assert len(russia) == 1
    assert russia[0].startswith(f"{ns.GENID}file-")
    assert skolem_iris(CLAIM + claim("st:russia", label="other")) == russia
    assert skolem_iris(claim("st:russia") + CLAIM) == russia
    assert skolem_iris(CLAIM + claim("st:china")) != russia
    assert skolem_iris(CLAIM + claim("st:russia", evidence="qt:b")) != russia
    assert skolem_iris(CLAIM + claim("st:russia"), salt="other") == [
        russia[0].replace("genid/file-", "genid/other-")]
    both = skolem_iris(CLAIM + claim("st:russia") + claim("st:china", label="c"))
    assert len(both) == 2 and russia[0] in both


def test_blank_nodes_that_say_the_same_become_one_and_nested_ones_count_by_their_content():
    same = skolem_iris(CLAIM + claim("st:russia") + claim("st:russia", label="twin"))
    assert len(same) == 1
    cited = ("qt:a tt:citation [ tt:referenceNumber \"{}\" ] .\n")
    assert skolem_iris(CLAIM + cited.format("1")) != skolem_iris(CLAIM + cited.format("2"))
    assert skolem_iris(CLAIM + cited.format("1")) == skolem_iris(CLAIM + cited.format("1"))


def test_a_cycle_of_blank_nodes_falls_back_to_the_canonical_form():
    cycle = CLAIM + "_:a tt:about _:b . _:b tt:about _:a .\n"
    names = skolem_iris(cycle)
    assert len(names) == 2 and names == skolem_iris(cycle)


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
