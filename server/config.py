"""Settings: defaults in code, then a TOML config file, then environment variables.

The variable names are fixed by the design (DESIGN.md); the config file uses the same names
in lower case without the prefix (``store = "var/store"``). The file is ``techties.toml`` in
the working directory, or the one named by ``TECHTIES_CONFIG``.
"""

import os
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The repository: ontology/, instances/ and queries/ are read from here."""

@dataclass(frozen=True)
class Endpoints:
    """Where the remote store answers queries and takes updates."""
    query: str
    update: str

    def __str__(self) -> str:
        return self.query if self.query == self.update else f"{self.query} {self.update}"


@dataclass(frozen=True)
class Rate:
    """A rate limit: ``count`` requests per ``period`` seconds, as the setting said it."""
    count: int
    period: float
    text: str


DEFAULT_NAMESPACE = "https://w3id.org/techties/"

DEFAULT_SERVICES = (
    "https://query.wikidata.org/sparql",
    "https://dbpedia.org/sparql",
)


@dataclass(frozen=True)
class Settings:
    namespace: str = DEFAULT_NAMESPACE
    """The canonical namespace every IRI is built in (TECHTIES_NAMESPACE); the command line and
    ``create_app`` make it the process's (:func:`server.namespaces.configure`)."""
    store: str = "var/store"
    write_token: str | None = None
    union_default_graph: bool = True
    query_timeout: float = 30.0
    submission_policy: str = "review"
    service_allowlist: tuple[str, ...] = field(default=DEFAULT_SERVICES)
    service_timeout: float = 15.0
    """Seconds a query that calls SERVICE may take in all (TECHTIES_SERVICE_TIMEOUT)."""
    submission_max_bytes: int = 5 * 1024 * 1024
    """Largest submission body accepted (TECHTIES_SUBMISSION_MAX_BYTES); larger ones get 413."""
    contributor_tokens: tuple[str, ...] = ()
    """``name:token`` pairs (TECHTIES_CONTRIBUTOR_TOKENS, space-separated): a submission sent
    with ``Authorization: Bearer <token>`` is recorded as the name's."""
    require_contributor_token: bool = False
    """``1``: only submissions with a contributor token are taken (TECHTIES_REQUIRE_...)."""
    sources: str | None = None
    """Where the source documents' texts are (TECHTIES_SOURCES), for anchoring quotes and
    for the documents' pages; default: ``shared/sources`` beside the checkout."""
    submissions: str | None = None
    """Where submission records are kept (TECHTIES_SUBMISSIONS); default: beside the store,
    ``<store>.submissions``."""
    search_index: str | None = None
    """The search index's file (TECHTIES_SEARCH_INDEX); default: beside the store,
    ``<store>.search.sqlite`` (``var/search.sqlite`` for a remote store)."""

    row_limit: int = 10000
    """Most rows (or triples) a query answer over HTTP holds (TECHTIES_ROW_LIMIT; 0: none);
    a cut answer says so in its ``X-Result-Truncated`` header."""
    query_workers: int = 2
    """Worker processes that evaluate queries for the server (TECHTIES_QUERY_WORKERS)."""
    validation_timeout: float = 180.0
    """Seconds a submission's validation may take in its worker (TECHTIES_VALIDATION_TIMEOUT);
    past them the server answers 503 and records nothing."""
    host: str = "127.0.0.1"
    """The interface ``techties serve`` listens on (TECHTIES_HOST; ``--host`` wins)."""
    port: int = 5000
    """The port ``techties serve`` listens on (TECHTIES_PORT; ``--port`` wins)."""
    rate_limit_writes: Rate | None = None
    """Most writes (updates, Graph Store writes, curator decisions) one client may send per
    period (TECHTIES_RATE_LIMIT_WRITES, ``30/minute``); None: no limit
    (:mod:`server.web.limits`)."""
    rate_limit_submissions: Rate | None = None
    """Most submissions one client may send per period (TECHTIES_RATE_LIMIT_SUBMISSIONS)."""
    write_validation: str = "validate"
    """``validate``: what an update or a Graph Store write adds is checked as a submission is,
    and refused (422) if it does not conform; ``off``: not checked (TECHTIES_WRITE_VALIDATION).
    Protected graphs are refused either way (:mod:`server.submission.writes`)."""

    @property
    def store_location(self) -> "Path | Endpoints":
        return parse_location(self.store)


def parse_location(value: str) -> "Path | Endpoints":
    """``TECHTIES_STORE``: a directory (the embedded store), or a remote store's query
    endpoint URL, or its query and update endpoint URLs separated by a space."""
    urls = str(value).split()
    if not urls or not urls[0].startswith(("http://", "https://")):
        return Path(value)
    if len(urls) > 2 or not all(u.startswith(("http://", "https://")) for u in urls):
        raise ValueError("TECHTIES_STORE takes a directory, or a query endpoint URL and "
                         f"optionally an update endpoint URL, not {value!r}")
    return Endpoints(query=urls[0], update=urls[-1])


def _flag(name: str, raw) -> bool:
    if isinstance(raw, bool):
        return raw
    if str(raw).strip() not in ("0", "1"):
        raise ValueError(f"{name} must be 0 or 1, not {raw!r}")
    return str(raw).strip() == "1"


def _positive_number(name: str, raw) -> float:
    value = float(raw)
    if value <= 0:
        raise ValueError(f"{name} must be a positive number, not {raw!r}")
    return value


def _count(least: int, most: int | None = None):
    def parse(name: str, raw) -> int:
        try:
            value = int(raw)
        except ValueError:
            value = None
        if value is None or value < least or (most is not None and value > most):
            upto = f" and at most {most}" if most is not None else ""
            raise ValueError(f"{name} must be a whole number of at least {least}{upto}, "
                             f"not {raw!r}")
        return value
    return parse


def _one_of(*choices: str):
    def parse(name: str, raw) -> str:
        if raw not in choices:
            raise ValueError(f"{name} must be {' or '.join(choices)}, not {raw!r}")
        return raw
    return parse


def _words(name: str, raw) -> tuple[str, ...]:
    return tuple(raw.split() if isinstance(raw, str) else raw)


def _token_pairs(name: str, raw) -> tuple[str, ...]:
    pairs = tuple(raw.replace(",", " ").split() if isinstance(raw, str) else raw)
    for pair in pairs:
        who, sep, token = pair.partition(":")
        if not sep or not who or not token:
            raise ValueError(f"{name} takes name:token pairs, not {pair!r}")
    return pairs


PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def _rate(name: str, raw) -> Rate | None:
    """``N/second``, ``N/minute``, ``N/hour`` or ``N/day`` (or s, m, h, d); ``off`` or empty:
    no limit."""
    text = str(raw).strip()
    if text.lower() in ("", "off"):
        return None
    count, _, unit = text.partition("/")
    unit = unit.strip().lower()
    period = PERIODS.get(unit) or {u[0]: p for u, p in PERIODS.items()}.get(unit)
    if not count.strip().isdigit() or int(count) < 1 or period is None:
        raise ValueError(f"{name} must be a number of requests per second, minute, hour or "
                         f"day (30/minute), or off, not {raw!r}")
    return Rate(int(count), float(period), f"{int(count)} per {_unit_name(period)}")


def _unit_name(period: float) -> str:
    return next(u for u, p in PERIODS.items() if p == period)


def _namespace(name: str, raw) -> str:
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`#?]+/", str(raw)):
        raise ValueError(f"{name} must be an http(s) IRI ending in '/', not {raw!r}")
    return str(raw)


PARSERS = {
    "namespace": _namespace,
    "store": lambda name, raw: str(raw),
    "write_token": lambda name, raw: str(raw) or None,
    "union_default_graph": _flag,
    "query_timeout": _positive_number,
    "service_timeout": _positive_number,
    "validation_timeout": _positive_number,
    "submission_policy": _one_of("review", "auto"),
    "service_allowlist": _words,
    "submission_max_bytes": _count(1),
    "contributor_tokens": _token_pairs,
    "require_contributor_token": _flag,
    "submissions": lambda name, raw: str(raw),
    "sources": lambda name, raw: str(raw),
    "search_index": lambda name, raw: str(raw),
    "row_limit": _count(0),
    "query_workers": _count(1),
    "host": lambda name, raw: str(raw),
    "port": _count(1, 65535),
    "write_validation": _one_of("validate", "off"),
    "rate_limit_writes": _rate,
    "rate_limit_submissions": _rate,
}
"""How each setting's value is read from the config file or the environment (``name`` is
the variable's name, for the message)."""


def _config_file(environ) -> tuple[Path, dict]:
    path = Path(environ.get("TECHTIES_CONFIG", "techties.toml"))
    if not path.is_file():
        return path, {}
    with path.open("rb") as fh:
        return path, tomllib.load(fh)


def read_namespace(environ=None) -> str:
    """The namespace setting alone, read as :func:`load_settings` reads it: the command line
    needs it before anything else, and stops on a malformed one whatever the command."""
    environ = os.environ if environ is None else environ
    raw = environ.get("TECHTIES_NAMESPACE") or _config_file(environ)[1].get("namespace")
    return DEFAULT_NAMESPACE if raw is None else PARSERS["namespace"]("TECHTIES_NAMESPACE", raw)


def load_settings(environ=None, **overrides) -> Settings:
    """Read the settings; ``overrides`` (tests, command-line options) win over everything."""
    environ = os.environ if environ is None else environ
    config_file, values = _config_file(environ)
    for f in fields(Settings):
        env_name = "TECHTIES_" + f.name.upper()
        if env_name in environ:
            values[f.name] = environ[env_name]
    unknown = set(values) - {f.name for f in fields(Settings)}
    if unknown:
        raise ValueError(f"{config_file}: unknown settings {', '.join(sorted(unknown))}")
    settings = Settings(**{k: PARSERS[k](f"TECHTIES_{k.upper()}", v)
                           for k, v in values.items()})
    return replace(settings, **{k: v for k, v in overrides.items() if v is not None})
