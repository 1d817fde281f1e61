"""Compression by Accept-Encoding (server/web/compression.py): pages, answers and dumps come
as zstd, brotli or gzip when asked, decode to what an uncompressed request gets, keep their
headers, stay streamed, and an abandoned compressed stream still frees its worker."""

import gzip

import brotli
import pytest
from helpers import check, make_app

try:
    from compression import zstd  # Python 3.14
except ImportError:
    from backports import zstd

DECODE = {"gzip": gzip.decompress, "br": brotli.decompress, "zstd": zstd.decompress}
SELECT = "SELECT ?s ?p ?o { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 3000"
HTML = {"Accept": "text/html"}


@pytest.mark.parametrize("encoding", ["zstd", "br", "gzip"])
@pytest.mark.parametrize("path, headers", [
    ("/id/state/russia", HTML),
    ("/void", {}),
    ("/dumps/techties.nt", {}),
    ("/dumps/techties.ttl", {}),
    ("/sparql?query=" + SELECT, {"Accept": "application/sparql-results+json"}),
    ("/sparql?query=" + SELECT, {"Accept": "text/csv"}),
    ("/static/site.css", {}),
])
def test_compressed_as_asked(client, path, headers, encoding):
    # `with`: the test client closes a response (a static file) as a server does after it
    with client.get(path, headers=headers) as plain:
        body = check(plain, 200).encode()
    assert "Content-Encoding" not in plain.headers
    with client.get(path, headers={**headers, "Accept-Encoding": encoding}) as packed:
        packed_body = packed.data
    assert packed.status_code == 200
    assert packed.headers["Content-Type"] == plain.headers["Content-Type"]
    assert packed.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert DECODE[encoding](packed_body) == body
    assert len(packed_body) * 2 < len(body)


@pytest.mark.parametrize("accept, chosen", [
    ("gzip, deflate", "gzip"),  # what requests and urllib3 send
    ("gzip, deflate, br, zstd", "zstd"),  # a browser's: ours first among equals
    ("br;q=1.0, zstd;q=0.5, gzip;q=0.8", "br"),
    ("identity", None),
    ("compress", None),
    ("", None),
])
def test_the_client_chooses(client, accept, chosen):
    response = client.get("/dumps/techties.nq", headers={"Accept-Encoding": accept})
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") == chosen


def test_errors_and_small_bodies_are_not_compressed(client):
    missing = client.get("/id/state/atlantis", headers={"Accept-Encoding": "gzip"})
    check(missing, 404)
    assert "Content-Encoding" not in missing.headers
    tiny = client.get("/sparql", query_string={"query": "ASK {}"},
                      headers={"Accept-Encoding": "gzip"})
    check(tiny, 200)
    assert "Content-Encoding" not in tiny.headers


def test_a_cut_answer_keeps_its_header(store_path):
    client = make_app(store_path, row_limit=50).test_client()
    response = client.get("/sparql", query_string={"query": SELECT},
                          headers={"Accept": "text/csv", "Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert (response.headers["Content-Encoding"], response.headers["X-Result-Truncated"]) \
        == ("gzip", "50")
    lines = gzip.decompress(response.data).decode().splitlines()
    assert len(lines) == 1 + 50 + 1  # the header, the rows, the marker (server/web/truncation)
    assert lines[-1] == "# truncated at the row limit of 50 rows: http://localhost/help/row-limit"


BIG = "SELECT ?s ?p ?o ?a ?b ?c { ?s ?p ?o . ?a ?b ?c } LIMIT 200000"
"""An answer of tens of MB: past what a worker holds back (4 MB), so it streams."""


@pytest.mark.slow
def test_a_long_answer_streams_compressed_and_an_abandoned_one_frees_its_worker(store_path):
    app = make_app(store_path, row_limit=0, query_workers=1)
    client = app.test_client()
    response = client.get("/sparql", query_string={"query": BIG}, buffered=False,
                          headers={"Accept": "text/tab-separated-values",
                                   "Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Content-Length" not in response.headers
    chunks = iter(response.response)
    first = b""
    while len(first) < 1024:
        first += next(chunks)
    decoder = gzip.zlib.decompressobj(gzip.zlib.MAX_WBITS + 16)
    assert decoder.decompress(first).startswith(b"?s\t?p\t?o\t?a\t?b\t?c\n")
    response.close()  # the client goes away half-way
    # the only worker was freed: the next query is answered, not refused as busy after 10 s
    after = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"},
                       headers={"Accept-Encoding": "gzip"})
    assert check(after, 200) == '{"head":{},"boolean":true}'
