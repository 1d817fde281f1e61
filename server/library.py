"""The query library in queries/ (analyst questions) and queries/checks/ (quality checks).

Every .rq file opens with a header of ``# key: value`` comment lines, which this module
reads: ``title`` and ``question`` are required; ``parameters`` and ``tags`` are optional.

    # title: Agreements that name AI as a domain
    # question: Which agreements name artificial intelligence as a domain, and when?
    # tags: agreements, AI
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from .config import ROOT

QUERIES_DIR = ROOT / "queries"
CHECKS_DIR = QUERIES_DIR / "checks"
HEADER_LINE = re.compile(r"#\s*([a-z]+)\s*:\s*(.*\S)\s*$")
REQUIRED = ("title", "question")


@dataclass(frozen=True)
class Query:
    path: Path
    title: str
    question: str
    text: str
    tags: tuple[str, ...] = ()
    parameters: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.stem


def parse(path: Path) -> Query:
    """Read one .rq file and its header; ValueError saying which field is missing where."""
    text = path.read_text(encoding="utf-8")
    header = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = HEADER_LINE.match(line)
        if match:
            header[match.group(1)] = match.group(2)
    missing = [key for key in REQUIRED if key not in header]
    if missing:
        raise ValueError(f"{path}: header lacks {', '.join(missing)} (lines '# key: value')")
    tags = tuple(t.strip() for t in header.pop("tags", "").split(",") if t.strip())
    return Query(path=path, title=header.pop("title"), question=header.pop("question"),
                 text=text, tags=tags, parameters=header.pop("parameters", ""), extra=header)


def queries() -> list[Query]:
    return [parse(p) for p in sorted(QUERIES_DIR.glob("*.rq"))]


def checks() -> list[Query]:
    return [parse(p) for p in sorted(CHECKS_DIR.glob("*.rq"))]
