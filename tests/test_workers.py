"""The worker pool: jobs run by their handler's name, what a handler raises comes back as
itself, and a worker that is too slow or dies is replaced while the pool goes on."""

import doctest

import pytest
from helpers import make_app

from server.query import guard, jobs, workers
from server.store.dataset import open_dataset
from server.submission import offload, parse

ASK = "ASK { ?s ?p ?o }"


@pytest.fixture
def pool():
    pool = workers.Pool(1)
    yield pool
    pool.close()


@pytest.fixture
def checkpoint(store_path):
    dataset = open_dataset(store_path)
    with dataset.pinned() as path:
        yield str(path)


def test_a_job_is_run_by_its_handler(pool, checkpoint):
    stream = pool.run(jobs.QueryJob(ASK, results="tsv"), checkpoint, 30)
    assert stream.head == {"form": "boolean", "format": "tsv", "truncated": False}
    assert stream.read() == b"true"


@pytest.mark.parametrize("job, kind, message", [
    (jobs.QueryJob("SELECT * WHERE { ?s"), SyntaxError, "error at 1:20: "),
    (jobs.QueryJob(ASK, refused="SERVICE <http://x/> is not on the allow-list"),
     guard.Refused, "SERVICE <http://x/> is not on the allow-list"),
    (jobs.QueryJob(ASK, results=None, graph="ttl"), jobs.NotAcceptable,
     "SELECT and ASK results cannot be written as ttl: choose one of json, xml, csv, tsv"),
    (jobs.DumpJob("http://example.org/none", "nt"), LookupError,
     "no graph <http://example.org/none> in the store"),
    (offload.ValidationJob(b"@prefix ex: <http://ex/> .\nex:a ex:b", "text/turtle", "x",
                           "the store"), parse.ParseError, "line 2, column 10: Unexpected"),
])
def test_what_a_handler_raises_comes_back_as_itself(pool, checkpoint, job, kind, message):
    with pytest.raises(kind) as raised:
        pool.run(job, checkpoint, 30)
    assert type(raised.value) is kind
    assert str(raised.value).startswith(message)
    # the worker stays: the next job runs on it
    assert pool.run(jobs.QueryJob(ASK), checkpoint, 30).read().endswith(b"true}")


def test_a_parse_error_keeps_its_line_and_column(pool, checkpoint):
    job = offload.ValidationJob(b"@prefix ex: <http://ex/> .\nex:a ex:b", "text/turtle", "x",
                                "the store")
    with pytest.raises(parse.ParseError) as raised:
        pool.run(job, checkpoint, 30)
    assert (raised.value.line, raised.value.column) == (2, 10)


def test_an_exception_that_cannot_be_pickled_comes_back_as_job_failed():
    class Local(Exception):  # defined in a function: pickle cannot find it by name
        pass

    failed = workers._portable(Local("why"))
    assert type(failed) is workers.JobFailed and str(failed) == "Local: why"
    assert workers._portable(LookupError("kept")).args == ("kept",)


@pytest.mark.slow
def test_a_job_past_its_timeout_has_its_worker_replaced(pool, checkpoint):
    cartesian = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with pytest.raises(TimeoutError):
        pool.run(jobs.QueryJob(cartesian), checkpoint, 1)
    assert pool.run(jobs.QueryJob(ASK), checkpoint, 30).read().endswith(b"true}")


def test_a_worker_that_dies_is_replaced(pool, checkpoint):
    nested = "SELECT * WHERE " + "{" * 10000 + "}" * 10000
    with pytest.raises(workers.Crashed):
        pool.run(jobs.QueryJob(nested), checkpoint, 30)
    assert pool.run(jobs.QueryJob(ASK), checkpoint, 30).read().endswith(b"true}")


def test_a_checkpoint_a_worker_reads_is_not_swept(store_copy, pool):
    dataset = open_dataset(store_copy)
    with dataset.pinned() as first:
        pool.run(jobs.QueryJob(ASK), str(first), 30).read()
    with dataset.write() as db:  # a new checkpoint, and a sweep of the old ones
        db.update("INSERT DATA { <http://e/s> <http://e/p> <http://e/o> }")
    assert dataset.current != first and first.exists(), "its worker still reads it"
    pool.close()
    dataset.sweep()
    assert not first.exists()


def test_two_apps_in_one_process_have_their_own_settings_and_pool(store_path):
    one = make_app(store_path, query_workers=1, row_limit=1)
    two = make_app(store_path, query_workers=3)
    pools = [app.extensions["techties.pool"] for app in (one, two)]
    assert pools[0] is not pools[1] and [p.size for p in pools] == [1, 3]
    query = {"query": "SELECT * { ?s ?p ?o } LIMIT 2"}
    cut, whole = (app.test_client().get("/sparql", query_string=query) for app in (one, two))
    assert (cut.headers.get("X-Result-Truncated"), whole.headers.get("X-Result-Truncated")) == (
        "1", None)


def test_docstring_examples():
    assert doctest.testmod(workers).failed == 0
