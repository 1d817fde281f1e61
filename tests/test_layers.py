"""The package's layers: each subpackage imports only those below it (and the modules at the
package's top: config, namespaces, formats), and the worker pool knows no job."""

import ast
from pathlib import Path

import pytest

SERVER = Path(__file__).resolve().parent.parent / "server"
BELOW = {
    "store": set(),
    "query": {"store"},
    "graph": {"store"},
    "linking": {"store", "graph"},
    "submission": {"store", "query", "graph"},
    "web": {"store", "query", "graph", "linking", "submission"},
}
"""What each subpackage may import from its siblings."""


def imported(path: Path) -> set[str]:
    """The subpackages (and top-level modules) of ``server`` the module at ``path`` imports."""
    here = path.relative_to(SERVER).parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(here[:len(here) - node.level + 1])
                parts = base + (node.module.split(".") if node.module else [])
                if parts:
                    found.add(parts[0])
                else:  # "from .. import store": the names are the modules
                    found.update(alias.name for alias in node.names)
            elif node.module and node.module.startswith("server."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names
                         if a.name.startswith("server."))
    return found


@pytest.mark.parametrize("package", sorted(BELOW))
def test_a_layer_imports_only_the_layers_below_it(package):
    for path in sorted((SERVER / package).glob("*.py")):
        above = (imported(path) & set(BELOW)) - BELOW[package] - {package}
        assert not above, f"{path.relative_to(SERVER)} imports {sorted(above)}"


def test_the_worker_pool_knows_no_job():
    assert imported(SERVER / "query" / "workers.py") == {"store"}
