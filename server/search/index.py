"""The search index: every spelling of every typed node in the store, in SQLite FTS5.

What it holds is read generically from the union of the store's graphs: each IRI node with
an ``rdf:type`` and at least one ``rdfs:label``, ``skos:prefLabel`` or ``skos:altLabel``
(every language), with its types (those stated outside the inferred graph marked as its
own). Each name is kept in several forms (:func:`server.search.text.forms`: normalized,
without its legal form, its naming words, in Latin letters), and each form in three places:
a B-tree (exact and whole-name prefix lookups), an FTS5 table of words (``unicode61``, with
prefix indexes) and an FTS5 table of trigrams (substrings, and candidates for fuzzy
matching, which rapidfuzz then scores). Measured in ``bench/search.py``.

It lives in one file beside the store (``<store>.search.sqlite``; ``var/search.sqlite`` for
a remote store, or ``TECHTIES_SEARCH_INDEX``), never in the repository. ``techties load``
builds it whole (a new file swapped in, as the store is). :meth:`SearchIndex.sync` brings it
up to date with a store by difference: it reads the labels and types (tens of ms for the
curated data), compares each node's digest with the one stored, and rewrites only the nodes
that changed, in one transaction. The server syncs it after every write (the dataset's
``changed()`` notifies it: :class:`Served`), on the first search of a process (a missing,
stale or older-schema file is brought up to date or rebuilt then) and when the dataset moves
to a new generation (a ``techties load`` under a running server). A remote store may be
written by others: there the index is also synced when it was last synced more than
:data:`REMOTE_MAX_AGE` seconds ago.
"""

import contextlib
import functools
import hashlib
import os
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rapidfuzz import fuzz

from .. import namespaces as ns
from ..config import Endpoints
from ..store import merged
from . import text

SCHEMA = 1
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS = "http://www.w3.org/2004/02/skos/core#"
LABEL_KINDS = {RDFS + "label": "label", SKOS + "prefLabel": "prefLabel",
               SKOS + "altLabel": "altLabel"}
KIND_WEIGHT = {"label": 1.0, "prefLabel": 1.0, "altLabel": 0.99}
"""A preferred spelling ranks just before an alternative one that matches as well."""
REMOTE_MAX_AGE = 60.0
PER_NODE = 20_000
"""Below this many named nodes, an embedded store is asked for each one's types (faster than
a scan of every type: stores hold many typed nodes without a name, such as evidence)."""
RECORDS = ("Cooperation", "Development", "Adoption", "Dependency", "Figure", "Disagreement")
"""The techties classes whose nodes record a relation or a claim rather than name a thing
(with org:Membership)."""


@functools.cache
def _records(tt: str) -> frozenset[str]:
    return frozenset({"http://www.w3.org/ns/org#Membership", *(tt + name for name in RECORDS)})


def is_record(types) -> bool:
    """Whether a node of ``types`` (IRIs) records a relation or a claim."""
    return not _records(str(ns.TT)).isdisjoint(types)


CANDIDATES = 400
"""Most candidates each kind of lookup brings before scoring."""
FUZZY_MIN = 60.0
"""Fuzzy candidates scoring below this (0-100) are dropped."""
ENOUGH, ENOUGH_SCORE = 20, 80.0
"""Fuzzy matching is skipped when the exact, prefix and word lookups found this many
candidates scoring at least this: it would add only weaker ones."""

DDL = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS nodes(id INTEGER PRIMARY KEY, iri TEXT UNIQUE NOT NULL,
                                 label TEXT NOT NULL, digest TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS names(id INTEGER PRIMARY KEY, node INTEGER NOT NULL,
                                 text TEXT NOT NULL, lang TEXT NOT NULL, kind TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS names_node ON names(node);
CREATE TABLE IF NOT EXISTS forms(id INTEGER PRIMARY KEY, name INTEGER NOT NULL,
                                 node INTEGER NOT NULL, form TEXT NOT NULL, weight REAL NOT NULL);
CREATE INDEX IF NOT EXISTS forms_form ON forms(form);
CREATE INDEX IF NOT EXISTS forms_node ON forms(node);
CREATE TABLE IF NOT EXISTS types(node INTEGER NOT NULL, type TEXT NOT NULL,
                                 own INTEGER NOT NULL, PRIMARY KEY (node, type));
CREATE INDEX IF NOT EXISTS types_type ON types(type);
CREATE VIRTUAL TABLE IF NOT EXISTS words USING fts5(form, content='forms', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2', prefix='2 3');
CREATE VIRTUAL TABLE IF NOT EXISTS grams USING fts5(form, content='forms', content_rowid='id',
    tokenize='trigram');
"""


@dataclass(frozen=True)
class Name:
    text: str
    lang: str
    kind: str
    """``label``, ``prefLabel`` or ``altLabel``."""


@dataclass
class Node:
    """One indexed node, as read from the store."""
    iri: str
    names: set[Name] = field(default_factory=set)
    types: dict[str, bool] = field(default_factory=dict)
    """Each type, and whether the node's own data states it (not only the inferred graph)."""

    @property
    def label(self) -> str:
        """Its display name: the English (or untagged) label, else preferred label, else
        any name."""
        ranked = sorted(self.names, key=lambda n: (
            n.kind == "altLabel", n.lang not in ("en", ""), n.kind != "label", n.lang, n.text))
        return ranked[0].text

    def digest(self) -> str:
        parts = sorted(f"n|{n.kind}|{n.lang}|{n.text}" for n in self.names)
        parts += sorted(f"t|{t}|{int(own)}" for t, own in self.types.items())
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()


@dataclass
class Hit:
    iri: str
    label: str
    score: float
    """0-100: 100 an exact spelling; then prefixes, all the words, fuzzy matches."""
    matched: str
    """The spelling that matched."""
    types: list[str]
    """Its own types (stated in its data, not only inferred)."""


@dataclass
class Results:
    hits: list[Hit]
    total: int
    facets: dict[str, int]
    """Matches per own type, before the type filter."""


@dataclass
class Synced:
    added: int = 0
    changed: int = 0
    removed: int = 0
    seconds: float = 0.0


def read_nodes(db) -> dict[str, Node]:
    """The typed, named IRI nodes of ``db`` (a pyoxigraph store or a remote one), over the
    union of its graphs (read by quad patterns: several times faster than a SPARQL query)."""
    nodes: dict[str, Node] = {}
    for predicate, kind in LABEL_KINDS.items():
        for quad in db.quads_for_pattern(None, ox.NamedNode(predicate), None, None):
            subject, literal = quad.subject, quad.object
            if isinstance(subject, ox.NamedNode) and isinstance(literal, ox.Literal):
                node = nodes.get(subject.value) or nodes.setdefault(subject.value,
                                                                    Node(subject.value))
                node.names.add(Name(literal.value, literal.language or "", kind))
    rdf_type = ox.NamedNode(RDF_TYPE)
    if isinstance(db, ox.Store) and len(nodes) < PER_NODE:
        type_quads = (q for iri in nodes
                      for q in db.quads_for_pattern(ox.NamedNode(iri), rdf_type, None, None))
    else:  # one request to a remote store, one scan of a large one
        type_quads = db.quads_for_pattern(None, rdf_type, None, None)
    for quad in type_quads:
        node = nodes.get(quad.subject.value) if isinstance(quad.subject, ox.NamedNode) else None
        if node is not None and isinstance(quad.object, ox.NamedNode):
            own = not inferred(getattr(quad.graph_name, "value", ""))
            node.types[quad.object.value] = node.types.get(quad.object.value, False) or own
    return {iri: node for iri, node in nodes.items() if node.types}


def inferred(graph: str) -> bool:
    """Whether ``graph`` states nothing of its own: it holds only what the ontology's
    hierarchies add, the curated data's (``<namespace>graph/inferred``) or an accepted
    submission's (``.../inferred``), or it is the merge of all graphs
    (:data:`server.store.merged.MERGED`), whose copies say nothing of who stated them."""
    return graph == merged.MERGED.value or ns.inferred_graph(graph)


def location(store_location, configured: str | None = None) -> Path:
    """Where the index of the store at ``store_location`` is kept."""
    if configured:
        return Path(configured)
    if isinstance(store_location, Endpoints):
        return Path("var/search.sqlite")
    path = Path(store_location)
    return path.with_name(path.name + ".search.sqlite")


def rebuild(path: Path, db, source: str = "") -> Synced:
    """Build the index of ``db`` whole into a new file, then swap it in for ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    new = path.with_name(f"{path.name}.new-{os.getpid()}")
    new.unlink(missing_ok=True)
    index = None
    try:
        index = SearchIndex(new)
        done = index.sync(db, source=source)
    except BaseException:  # a full disk: no half-made file is left beside the index
        if index is not None:
            index.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(new) + suffix).unlink(missing_ok=True)
        raise
    index.close()
    os.replace(new, path)
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return done


def _fts_query(words: list[str]) -> str:
    """An FTS5 query for ``words``, each a quoted string, the last a prefix."""
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    quoted[-1] += " *"
    return " AND ".join(quoted)


class SearchIndex:
    """The index in the SQLite file ``path`` (":memory:" for one in memory). One connection,
    used by one thread at a time."""

    def __init__(self, path: Path | str):
        self.path = path
        self.lock = threading.RLock()
        self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
        db.execute("PRAGMA busy_timeout = 10000")
        if str(self.path) != ":memory:":
            db.execute("PRAGMA journal_mode = WAL")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, SCHEMA):  # an older layout: start again
            db.close()
            for suffix in ("", "-wal", "-shm"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)
            return self._open()
        db.executescript(DDL)
        db.execute(f"PRAGMA user_version = {SCHEMA}")
        self._inode = _inode(self.path)
        return db

    def close(self) -> None:
        with self.lock:
            self.db.close()

    def reopen_if_replaced(self) -> None:
        """Reopen the file if another process (``techties load``) swapped a new one in."""
        with self.lock:
            if _inode(self.path) not in (None, self._inode):
                self.db.close()
                self.db = self._open()

    # --- keeping it up to date -------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def sync(self, db, *, source: str = "") -> Synced:
        """Make the index hold exactly what ``db`` says of its typed, named nodes: the nodes
        whose digest changed are rewritten, in one transaction."""
        started = time.perf_counter()
        nodes = read_nodes(db)
        done = Synced()
        with self.lock, self._transaction():
            held = dict(self.db.execute("SELECT iri, digest FROM nodes"))
            for iri in held.keys() - nodes.keys():
                self._remove(iri)
                done.removed += 1
            for iri, node in nodes.items():
                digest = node.digest()
                if held.get(iri) == digest:
                    continue
                if iri in held:
                    self._remove(iri)
                    done.changed += 1
                else:
                    done.added += 1
                self._add(node, digest)
            self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", [
                ("source", source), ("synced_at", time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                                time.gmtime())),
                ("nodes", str(len(nodes)))])
        done.seconds = time.perf_counter() - started
        return done

    @contextlib.contextmanager
    def _transaction(self):
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _add(self, node: Node, digest: str) -> None:
        cur = self.db.execute("INSERT INTO nodes(iri, label, digest) VALUES (?, ?, ?)",
                              (node.iri, node.label, digest))
        node_id = cur.lastrowid
        for name in sorted(node.names, key=lambda n: (n.kind, n.lang, n.text)):
            name_id = self.db.execute(
                "INSERT INTO names(node, text, lang, kind) VALUES (?, ?, ?, ?)",
                (node_id, name.text, name.lang, name.kind)).lastrowid
            for form, weight in text.forms(name.text).items():
                form_id = self.db.execute(
                    "INSERT INTO forms(name, node, form, weight) VALUES (?, ?, ?, ?)",
                    (name_id, node_id, form, weight * KIND_WEIGHT[name.kind])).lastrowid
                self.db.execute("INSERT INTO words(rowid, form) VALUES (?, ?)", (form_id, form))
                self.db.execute("INSERT INTO grams(rowid, form) VALUES (?, ?)", (form_id, form))
        self.db.executemany("INSERT INTO types VALUES (?, ?, ?)",
                            [(node_id, t, int(own)) for t, own in node.types.items()])

    def _remove(self, iri: str) -> None:
        row = self.db.execute("SELECT id FROM nodes WHERE iri = ?", (iri,)).fetchone()
        if row is None:
            return
        node_id = row[0]
        for form_id, form in self.db.execute("SELECT id, form FROM forms WHERE node = ?",
                                             (node_id,)).fetchall():
            self.db.execute("INSERT INTO words(words, rowid, form) VALUES ('delete', ?, ?)",
                            (form_id, form))
            self.db.execute("INSERT INTO grams(grams, rowid, form) VALUES ('delete', ?, ?)",
                            (form_id, form))
        for table, column in (("forms", "node"), ("names", "node"), ("types", "node"),
                              ("nodes", "id")):
            self.db.execute(f"DELETE FROM {table} WHERE {column} = ?", (node_id,))

    # --- reading ---------------------------------------------------------------------------

    def search(self, query: str, *, types=(), limit: int = 20, offset: int = 0) -> Results:
        """The nodes one of whose spellings matches ``query``, best first: an exact spelling
        (in any of its forms), then names that start with it, names that hold all its
        words (the last one as a prefix), then fuzzy matches. ``types``: only nodes of one
        of these types (inferred ones count: ``org:Organization`` finds companies)."""
        scored = self._score(query)
        with self.lock:
            facets: dict[str, int] = {}
            rows = self._node_rows(scored)
        wanted = set(types)
        kept = []
        for node_id, (score, matched) in scored.items():
            iri, label, node_types = rows[node_id]
            for t, own in node_types:
                if own:
                    facets[t] = facets.get(t, 0) + 1
            if wanted and not wanted & {t for t, _ in node_types}:
                continue
            kept.append(Hit(iri, label, round(score, 2), matched,
                            sorted(t for t, own in node_types if own)))
        # at equal scores the thing named comes before a record about it (the membership
        # labelled "Russia" that a list of members gives, a disagreement citing "the PRC")
        kept.sort(key=lambda h: (-h.score, is_record(h.types), len(h.label),
                                 h.label.casefold(), h.iri))
        return Results(kept[offset:offset + limit], len(kept),
                       dict(sorted(facets.items(), key=lambda f: (-f[1], f[0]))))

    def _node_rows(self, scored) -> dict[int, tuple[str, str, list]]:
        rows = {}
        ids = list(scored)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for node_id, iri, label in self.db.execute(
                    f"SELECT id, iri, label FROM nodes WHERE id IN ({marks})", chunk):
                rows[node_id] = (iri, label, [])
            for node_id, t, own in self.db.execute(
                    f"SELECT node, type, own FROM types WHERE node IN ({marks})", chunk):
                rows[node_id][2].append((t, bool(own)))
        return rows

    def _score(self, query: str) -> dict[int, tuple[float, str]]:
        """Each candidate node's best score (0-100) and the spelling that gave it."""
        query_forms = text.forms(query)
        if not query_forms:
            return {}
        plain = max(query_forms, key=query_forms.get)
        best: dict[int, tuple[float, str]] = {}

        def offer(node_id, score, name_id):
            if score > best.get(node_id, (-1, ""))[0]:
                best[node_id] = (score, name_id)

        with self.lock:
            marks = ",".join("?" * len(query_forms))
            for node_id, name_id, form, weight in self.db.execute(
                    f"SELECT node, name, form, weight FROM forms WHERE form IN ({marks})",
                    list(query_forms)):
                offer(node_id, 100 * weight * query_forms[form], name_id)
            for node_id, name_id, form, weight in self.db.execute(
                    "SELECT node, name, form, weight FROM forms WHERE form > ? AND form < ? "
                    "LIMIT ?", (plain, plain + "\U0010ffff", CANDIDATES)):
                offer(node_id, (90 + 8 * len(plain) / len(form)) * weight, name_id)
            words = plain.split()
            for node_id, name_id, form, weight in self.db.execute(
                    "SELECT forms.node, forms.name, forms.form, forms.weight FROM words "
                    "JOIN forms ON forms.id = words.rowid WHERE words MATCH ? LIMIT ?",
                    (_fts_query(words), CANDIDATES)):
                coverage = len(words) / max(len(form.split()), len(words))
                offer(node_id, (70 + 18 * coverage) * weight, name_id)
            if sum(1 for score, _ in best.values() if score >= ENOUGH_SCORE) < ENOUGH:
                for query_form in query_forms:
                    self._fuzzy(query_form, query_forms[query_form], offer)
            name_ids = sorted({n for _, n in best.values()})
            names = dict(self.db.execute(
                f"SELECT id, text FROM names WHERE id IN ({_marks(name_ids)})", name_ids))
        return {node: (score, names.get(name_id, "")) for node, (score, name_id) in best.items()}

    def _fuzzy(self, query_form: str, query_weight: float, offer) -> None:
        """Candidates that share a trigram with ``query_form`` or start as one of its words
        does (a transposed letter shares no trigram: "huwaei"), scored by rapidfuzz."""
        grams = sorted({query_form[i:i + 3] for i in range(len(query_form) - 2)})
        lookups = []
        if grams:
            lookups.append(("grams", " OR ".join(f'"{g}"' for g in grams)))
        starts = sorted({w[:2] for w in query_form.split() if len(w) >= 4})
        if starts:
            lookups.append(("words", " OR ".join(f'"{s}" *' for s in starts)))
        for table, match in lookups:
            for node_id, name_id, form, weight in self.db.execute(
                    f"SELECT forms.node, forms.name, forms.form, forms.weight FROM {table} "
                    f"JOIN forms ON forms.id = {table}.rowid WHERE {table} MATCH ? "
                    "ORDER BY rank LIMIT ?", (match, CANDIDATES)):
                ratio = fuzz.ratio(query_form, form)
                if len(query_form) >= 4 and len(form) > len(query_form):
                    partial = fuzz.partial_ratio(query_form, form)
                    if partial >= 85:
                        ratio = max(ratio, 0.9 * partial)
                score = 0.85 * ratio * weight * query_weight
                if score >= FUZZY_MIN:
                    offer(node_id, score, name_id)

    def sharing_words(self, query: str, *, limit: int = 60) -> list[str]:
        """The nodes one of whose names shares a word with ``query`` (in any of its forms),
        those sharing the most first: more candidates for reconciliation to score."""
        words = sorted({w for form in text.forms(query) for w in form.split()})
        if not words:
            return []
        match = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        with self.lock:
            rows = self.db.execute(
                "SELECT nodes.iri FROM words JOIN forms ON forms.id = words.rowid "
                "JOIN nodes ON nodes.id = forms.node WHERE words MATCH ? ORDER BY rank LIMIT ?",
                (match, 4 * limit)).fetchall()
        return list(dict.fromkeys(iri for iri, in rows))[:limit]

    def node(self, iri: str) -> Node | None:
        """What the index holds of ``iri``."""
        with self.lock:
            row = self.db.execute("SELECT id FROM nodes WHERE iri = ?", (iri,)).fetchone()
            if row is None:
                return None
            node = Node(iri)
            for text_, lang, kind in self.db.execute(
                    "SELECT text, lang, kind FROM names WHERE node = ?", row):
                node.names.add(Name(text_, lang, kind))
            for t, own in self.db.execute("SELECT type, own FROM types WHERE node = ?", row):
                node.types[t] = bool(own)
            return node

    def labels(self, iris) -> dict[str, str]:
        """The display names of those of ``iris`` the index holds."""
        iris = list(dict.fromkeys(iris))
        found = {}
        with self.lock:
            for start in range(0, len(iris), 500):
                chunk = iris[start:start + 500]
                found.update(self.db.execute(
                    f"SELECT iri, label FROM nodes WHERE iri IN ({_marks(chunk)})", chunk))
        return found

    def of_type(self, types, *, limit: int = 100, offset: int = 0) -> tuple[list[Hit], int]:
        """The nodes of one of ``types``, by name."""
        types = list(types)
        marks = ",".join("?" * len(types))
        with self.lock:
            total = self.db.execute(
                f"SELECT COUNT(DISTINCT node) FROM types WHERE type IN ({marks})",
                types).fetchone()[0]
            rows = self.db.execute(
                f"SELECT id, iri, label FROM nodes WHERE id IN (SELECT node FROM types "
                f"WHERE type IN ({marks})) ORDER BY label COLLATE NOCASE, iri LIMIT ? OFFSET ?",
                [*types, limit, offset]).fetchall()
            own: dict[int, list[str]] = {}
            ids = [r[0] for r in rows]
            for node_id, t in self.db.execute(
                    f"SELECT node, type FROM types WHERE own AND node IN ({_marks(ids)})", ids):
                own.setdefault(node_id, []).append(t)
        hits = [Hit(iri, label, 0.0, label, sorted(own.get(i, []))) for i, iri, label in rows]
        return hits, total

    def complete(self, namespace: str, local: str, types=(), *, limit: int = 50) -> list[Hit]:
        """Nodes under ``namespace`` (an IRI's start) of one of ``types`` (any, if none):
        first those whose IRI goes on with ``local`` (in any case), then those one of whose
        names matches ``local``."""
        like = "".join("\\" + c if c in "\\%_" else c for c in namespace + local)
        wanted = set(types)
        with self.lock:
            rows = self.db.execute(
                "SELECT iri, label FROM nodes WHERE iri LIKE ? ESCAPE '\\' "
                "ORDER BY length(iri), iri LIMIT ?", (like + "%", 20 * limit)).fetchall()
            typed = {iri for iri, in self.db.execute(
                "SELECT iri FROM nodes JOIN types ON types.node = nodes.id "
                f"WHERE type IN ({_marks(wanted)})", list(wanted))} if wanted else None
        found = {iri: Hit(iri, label, 100.0, label, []) for iri, label in rows
                 if typed is None or iri in typed}
        if local:
            for hit in self.search(local, types=wanted, limit=20 * limit).hits:
                if hit.iri.startswith(namespace):
                    found.setdefault(hit.iri, hit)
        return list(found.values())[:limit]

    def under(self, prefix: str, *, limit: int = 100, offset: int = 0) -> tuple[list[Hit], int]:
        """The nodes whose IRI starts with ``prefix``, by name, and how many there are."""
        like = "".join("\\" + c if c in "\\%_" else c for c in prefix) + "%"
        with self.lock:
            total = self.db.execute("SELECT COUNT(*) FROM nodes WHERE iri LIKE ? ESCAPE '\\'",
                                    (like,)).fetchone()[0]
            rows = self.db.execute(
                "SELECT id, iri, label FROM nodes WHERE iri LIKE ? ESCAPE '\\' "
                "ORDER BY label COLLATE NOCASE, iri LIMIT ? OFFSET ?",
                (like, limit, offset)).fetchall()
            ids = [r[0] for r in rows]
            own: dict[int, list[str]] = {}
            for node_id, t in self.db.execute(
                    f"SELECT node, type FROM types WHERE own AND node IN ({_marks(ids)})", ids):
                own.setdefault(node_id, []).append(t)
        return [Hit(iri, label, 0.0, label, sorted(own.get(i, []))) for i, iri, label in rows], \
            total

    def type_counts(self, *, own: bool = True) -> dict[str, int]:
        """How many nodes each type has (their own types only, by default)."""
        with self.lock:
            where = "WHERE own" if own else ""
            return dict(self.db.execute(
                f"SELECT type, COUNT(*) FROM types {where} GROUP BY type "
                "ORDER BY COUNT(*) DESC, type"))


def _marks(values) -> str:
    """``?, ?, ...``: one placeholder per value."""
    return ",".join("?" * len(values))


def _inode(path) -> int | None:
    try:
        return os.stat(path).st_ino
    except (OSError, TypeError):
        return None


class Served:
    """The index of a served dataset, kept in step with it: synced after each of its writes
    (it listens to the dataset's ``changed()``), and before a search when the dataset moved to
    a generation the index has not seen (a load under the server), when this process has not
    synced it yet, or, for a remote store, when it was synced more than
    :data:`REMOTE_MAX_AGE` seconds ago."""

    def __init__(self, dataset, path: Path):
        self.dataset = dataset
        self.path = path
        self.remote = isinstance(dataset.path, Endpoints)
        self._index: SearchIndex | None = None
        self._generation = None
        self._synced_at = 0.0
        self._lock = threading.Lock()
        self.last: Synced | None = None
        dataset.listen(self._changed)

    def _changed(self) -> None:
        with self._lock:
            self._sync()

    def _sync(self) -> None:
        if self._index is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._index = SearchIndex(self.path)
        self._index.reopen_if_replaced()
        with self.dataset.reader() as db:
            generation = self.dataset.generation
            self.last = self._index.sync(db, source=str(self.dataset.path))
        self._generation = generation
        self._synced_at = time.monotonic()

    def current(self) -> SearchIndex:
        """The index, up to date with the dataset."""
        with self._lock:
            self.dataset.checkpoint()  # notices a load under the server
            stale = (self._index is None or self._generation != self.dataset.generation
                     or (self.remote and time.monotonic() - self._synced_at > REMOTE_MAX_AGE))
            if stale:
                self._sync()
            return self._index
