"""The canonical namespace is a setting: the data, shapes, queries and pages follow it."""

import json
import os
import subprocess
import sys
import urllib.request

import pytest
from helpers import ROOT, serve, shared_dir
from rdflib import Graph, URIRef

pytestmark = pytest.mark.servers  # every test runs techties in a subprocess

NS = "https://example.org/kg/"


def techties(*args, env, cwd):
    return subprocess.run([sys.executable, "-m", "server.cli", *args], capture_output=True,
                          text=True, timeout=600, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env})


@pytest.mark.slow
def test_another_namespace_is_followed_by_load_check_queries_and_pages(tmp_path):
    env = {"TECHTIES_NAMESPACE": NS, "TECHTIES_SOURCES": str(shared_dir() / "sources")}
    store = str(tmp_path / "store")
    loaded = techties("load", "--store", store, env=env, cwd=tmp_path)
    # the shapes' instance-IRI patterns were rebased too, or the load would be refused
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    checked = techties("check", "--store", store, env=env, cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "PASS  link checks on instances/links/: 66 link(s), 0 problem(s)" in checked.stdout
    # the generated anchors, written in the authored namespace, are what it would write
    assert "PASS  anchors of the quotes (instances/anchors.ttl): 744 quote(s) anchored" in \
        checked.stdout.splitlines()

    old = techties("query", "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } "
                   "FILTER (CONTAINS(STR(?s), 'w3id.org/techties') "
                   "|| CONTAINS(STR(?p), 'w3id.org/techties') "
                   "|| CONTAINS(STR(?o), 'w3id.org/techties') "
                   "|| CONTAINS(STR(?g), 'w3id.org/techties')) }",
                   "--store", store, "--format", "csv", env=env, cwd=tmp_path)
    assert old.stdout.split() == ["n", "0"], old.stderr

    space = techties("query", str(ROOT / "queries" / "agreements-by-domain.rq"), "--param",
                     f"domain={NS}id/technology/space-technology", "--store", store,
                     "--format", "csv", env=env, cwd=tmp_path)
    assert sorted({line.split(",")[0] for line in space.stdout.splitlines()[1:]}) == [
        NS + "id/instrument/agreement-on-cooperation-in-the-field-of-space-2018",
        NS + "id/instrument/artemis-accords",
        NS + "id/instrument/glonass-beidou-agreement",  # satellite navigation, a narrower domain
        NS + "id/instrument/international-scientific-lunar-station-agreement-2022",
        NS + "id/instrument/lunar-station-declaration-2019",
    ], space.stderr

    proc, base = serve(store, tmp_path, {**os.environ, **env})
    try:
        request = urllib.request.Request(base + "/id/state/russia",
                                         headers={"Accept": "text/turtle"})
        with urllib.request.urlopen(request, timeout=20) as response:
            page = Graph().parse(data=response.read(), format="turtle")
        russia = URIRef(NS + "id/state/russia")
        assert (russia, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                URIRef(NS + "ontology#State")) in page
        with urllib.request.urlopen(base + "/reconcile", timeout=20) as response:
            assert json.load(response)["identifierSpace"] == NS + "id/"
    finally:
        proc.kill()
        proc.wait(10)


def test_a_malformed_namespace_stops_every_command(tmp_path):
    result = techties("query", "ASK {}", env={"TECHTIES_NAMESPACE": "example.org/kg"},
                      cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == ("techties: TECHTIES_NAMESPACE must be an http(s) IRI "
                                     "ending in '/', not 'example.org/kg'")
