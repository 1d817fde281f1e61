# Both targets set themselves up on a fresh machine: only Python 3.11+, make and a JDK needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# `make run PORT=8080 HOST=0.0.0.0`: where to listen; unset, the settings say (TECHTIES_PORT and
# TECHTIES_HOST, techties.toml, else 127.0.0.1:5000).
PORT ?=
HOST ?=

.PHONY: setup run serve test test-slow load check lint clean browser fuzz loadtest bench-setup bench bench-10m \
	test-remote fuseki virtuoso

FUZZ_SECONDS ?= 180
FUZZ_TARGETS ?= query submission negotiation
LOAD_CLIENTS ?= 32
LOAD_SECONDS ?= 180

# Create .venv and install techties in it: what the other targets (and the Dockerfile) start with
setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

SERVE = $(BIN)/techties serve $(if $(HOST),--host $(HOST)) $(if $(PORT),--port $(PORT))

# Validate the curated data, build the store, then serve it on http://127.0.0.1:5000
run: $(STAMP)
	$(BIN)/techties load
	$(SERVE)

# Serve the store as it is (no load)
serve: $(STAMP)
	$(SERVE)

# The browser tests drive Debian's chromium: installed here when this machine lets us (root and
# apt-get); without it they are skipped, and say why.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	  && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
	     >/dev/null 2>&1; } || echo "no chromium here: the browser tests will be skipped"

# The tests but those marked slow (whole loads, processes killed, disks filled, the browser:
# `make test-slow`), one worker per core, a file's tests on one worker (they share its fixtures)
test: $(STAMP)
	$(BIN)/ruff check server tests
	$(BIN)/python -m pytest -m "not slow" -n auto --dist loadfile

# The slow tests, one at a time (several take the machine's cores for a load), the browser's
# among them (tests/test_browser.py); CI runs them too
test-slow: $(STAMP) browser
	$(BIN)/python -m pytest -m slow

load: $(STAMP)
	$(BIN)/techties load

check: $(STAMP)
	$(BIN)/techties check

# Coverage-guided fuzzing of the parsers' entry points (atheris, the fuzz extra): FUZZ_SECONDS
# per target; findings go to var/fuzz/<target>/crash-*. Not part of `make test`.
fuzz: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[fuzz]'
	for target in $(FUZZ_TARGETS); do \
	  mkdir -p var/fuzz/$$target && \
	  $(BIN)/python tests/fuzz/fuzz.py $$target var/fuzz/$$target/corpus \
	    -max_total_time=$(FUZZ_SECONDS) -timeout=20 -rss_limit_mb=4096 \
	    -artifact_prefix=var/fuzz/$$target/ -print_final_stats=1 || exit 1; \
	done

# A bounded load test of `techties serve` on loopback: LOAD_CLIENTS clients (16-64) mixing
# queries, submissions and curator decisions for LOAD_SECONDS; report in
# bench/results/loadtest.txt. Not part of `make test`.
loadtest: $(STAMP)
	$(BIN)/python bench/loadtest.py --clients $(LOAD_CLIENTS) --seconds $(LOAD_SECONDS)

clean:
	rm -rf $(VENV) var

# --- the remote store against Virtuoso 7 and Apache Jena Fuseki (tests/test_remote_store.py) ---
# Each server is installed here when this machine lets us; without it its tests are skipped, and
# say why. The default `make test` runs them against Oxigraph's server only.
FUSEKI_VERSION = 5.6.0
virtuoso:
	@command -v virtuoso-t >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	  && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource) \
	     >/dev/null 2>&1; } || echo "no Virtuoso here: its tests will be skipped"

# Fuseki's server jar from Maven Central, into var/fuseki/
fuseki:
	@ls var/fuseki/jena-fuseki-server-*.jar >/dev/null 2>&1 || { command -v mvn >/dev/null 2>&1 \
	  && mvn -q dependency:copy -Dartifact=org.apache.jena:jena-fuseki-server:$(FUSEKI_VERSION) \
	       -DoutputDirectory=var/fuseki >/dev/null 2>&1; } \
	  || echo "no Fuseki jar (Maven Central unreachable, or no mvn): its tests will be skipped"

test-remote: $(STAMP) virtuoso fuseki
	TECHTIES_REMOTE_SERVERS="virtuoso fuseki" $(BIN)/python -m pytest tests/test_remote_store.py

# --- benchmarks against peer systems (bench/README.md; not run by CI) -------------------------
# Virtuoso 7 from Debian (when root and apt-get can), rdflib-endpoint in a virtualenv of its own
RDFLIB_ENDPOINT_VERSION = 0.6.3
# the rdflib and uvicorn it ran on in bench/README's figures (rdflib decides what it can answer)
RDFLIB_VERSION = 7.6.0
UVICORN_VERSION = 0.55.0
bench-setup: $(STAMP) virtuoso
	test -x var/bench-venv/bin/rdflib-endpoint || { $(PYTHON) -m venv var/bench-venv && \
	  var/bench-venv/bin/pip install --quiet rdflib-endpoint==$(RDFLIB_ENDPOINT_VERSION) \
	    rdflib==$(RDFLIB_VERSION) uvicorn==$(UVICORN_VERSION); }

# techties, Oxigraph (plain and union), Virtuoso and rdflib-endpoint at 100k and 1M triples
bench: bench-setup
	cd bench && ../$(BIN)/python peers.py --triples 100000 --json ../var/bench-100k.json
	cd bench && ../$(BIN)/python peers.py --triples 1000000 --runs 2 --json ../var/bench-1m.json

# 10M triples: techties and Oxigraph only (the others take hours to load or to answer)
bench-10m: $(STAMP)
	cd bench && ../$(BIN)/python peers.py --triples 10000000 --runs 1 --requests 10 \
	  --systems techties,oxigraph,oxigraph-union --json ../var/bench-10m.json
