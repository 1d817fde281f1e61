"""Settings: defaults in code, then a TOML config file, then environment variables.

The variable names are fixed by the design (DESIGN.md); the config file uses the same names
in lower case without the prefix (``store = "var/store"``). The file is ``techties.toml`` in
the working directory, or the one named by ``TECHTIES_CONFIG``.
"""

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The repository: ontology/, instances/ and queries/ are read from here."""

DEFAULT_SERVICES = (
    "https://query.wikidata.org/sparql",
    "https://dbpedia.org/sparql",
)


@dataclass(frozen=True)
class Settings:
    store: str = "var/store"
    namespace: str = "https://w3id.org/techties/"
    write_token: str | None = None
    union_default_graph: bool = True
    query_timeout: float = 30.0
    submission_policy: str = "review"
    service_allowlist: tuple[str, ...] = field(default=DEFAULT_SERVICES)

    @property
    def store_path(self) -> Path:
        return Path(self.store)


def _coerce(name: str, raw):
    """Turn a config or environment value into the type of the setting it names."""
    if name == "union_default_graph":
        if isinstance(raw, bool):
            return raw
        if str(raw).strip() not in ("0", "1"):
            raise ValueError(f"TECHTIES_UNION_DEFAULT_GRAPH must be 0 or 1, not {raw!r}")
        return str(raw).strip() == "1"
    if name == "query_timeout":
        value = float(raw)
        if value <= 0:
            raise ValueError(f"TECHTIES_QUERY_TIMEOUT must be a positive number, not {raw!r}")
        return value
    if name == "submission_policy":
        if raw not in ("review", "auto"):
            raise ValueError(f"TECHTIES_SUBMISSION_POLICY must be review or auto, not {raw!r}")
        return raw
    if name == "service_allowlist":
        return tuple(raw.split() if isinstance(raw, str) else raw)
    if name == "write_token":
        return raw or None
    return str(raw)


def load_settings(environ=None, **overrides) -> Settings:
    """Read the settings; ``overrides`` (tests, command-line options) win over everything."""
    environ = os.environ if environ is None else environ
    values = {}
    config_file = Path(environ.get("TECHTIES_CONFIG", "techties.toml"))
    if config_file.is_file():
        with config_file.open("rb") as fh:
            values.update(tomllib.load(fh))
    for f in fields(Settings):
        env_name = "TECHTIES_" + f.name.upper()
        if env_name in environ:
            values[f.name] = environ[env_name]
    unknown = set(values) - {f.name for f in fields(Settings)}
    if unknown:
        raise ValueError(f"{config_file}: unknown settings {', '.join(sorted(unknown))}")
    settings = Settings(**{k: _coerce(k, v) for k, v in values.items()})
    return replace(settings, **{k: v for k, v in overrides.items() if v is not None})
