"""Deploying: the Dockerfile and the compose files run the Makefile's own targets with the
settings techties reads, so that they cannot drift from a checkout; ``make run PORT=...``
serves on that port. (Building and running the images needs a Docker engine, which the
test machine does not have: these tests read the files, ask make, and start the Makefile's
own server.)"""

import json
import os
import re
import shlex
import signal
import subprocess
import urllib.request

import pytest
import yaml
from helpers import ROOT, free_port, wait_until_serving

from server.config import Endpoints, load_settings, parse_location


def dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) for each instruction, continuation lines joined."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            found.append((word.upper(), rest.strip()))
    return found


def command(args: str) -> list[str]:
    """A RUN or CMD's words, from its exec (JSON) or shell form."""
    return json.loads(args) if args.startswith("[") else shlex.split(args)


def make_targets(words: list[str]) -> list[str] | None:
    """The targets of a ``make`` command (None if it is not one)."""
    if not words or words[0] != "make":
        return None
    return [w for w in words[1:] if not w.startswith("-") and "=" not in w]


def compose(name: str) -> dict:
    return yaml.safe_load((ROOT / name).read_text())


def assert_make_targets_exist(targets: list[str]) -> None:
    for target in targets:
        dry = subprocess.run(["make", "-n", "-o", ".venv/.installed", target], cwd=ROOT,
                             capture_output=True, text=True, timeout=60)
        assert dry.returncode == 0, f"make {target}: {dry.stderr}"


def test_the_dockerfile_runs_make_targets_that_exist():
    steps = dockerfile()
    runs = [command(args) for word, args in steps if word in ("RUN", "CMD")]
    targets = [make_targets(words) for words in runs]
    assert ["setup"] in targets, "the image installs techties by `make setup`"
    cmd = [command(args) for word, args in steps if word == "CMD"]
    assert cmd == [["make", "run"]]
    assert_make_targets_exist([t for found in targets if found for t in found])
    # nothing else installs Python packages or runs techties behind the Makefile's back
    for words in runs:
        text = " ".join(words)
        assert "pip install" not in text and "techties " not in text, text


def test_the_dockerfile_settings_are_settings_and_the_port_is_the_one_exposed():
    steps = dockerfile()
    env = dict(pair.split("=", 1) for word, args in steps if word == "ENV"
               for pair in shlex.split(args))
    settings = load_settings(environ={k: v for k, v in env.items()
                                      if k.startswith("TECHTIES_")})
    assert (settings.host, settings.port, settings.store) == ("0.0.0.0", 5000, "/data/store")
    exposed = [int(args) for word, args in steps if word == "EXPOSE"]
    assert exposed == [settings.port]
    health = [args for word, args in steps if word == "HEALTHCHECK"]
    assert health and "TECHTIES_PORT" in health[0] and "/health" in health[0]
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".venv", "var", "techties.toml"} <= set(ignored)


@pytest.mark.parametrize("name", ["compose.yaml", "compose.remote.yaml"])
def test_compose_runs_make_targets_on_the_exposed_port(name):
    services = compose(name)["services"]
    techties = services["techties"]
    targets = make_targets(techties["command"])
    assert targets == ["run"]
    assert_make_targets_exist(targets)
    environment = {k: str(v) for k, v in techties["environment"].items()
                   if not str(v).startswith("${")}
    settings = load_settings(environ=environment)
    published = [p.split(":") for p in techties["ports"]]
    assert [int(inside) for _, inside in published] == [settings.port]
    for service in services.values():
        assert service.get("build", ".") == "." and service.get("image", "techties") == \
            "techties", "every service runs the one image the Dockerfile builds"


def test_the_remote_store_is_the_oxigraph_service():
    services = compose("compose.remote.yaml")["services"]
    oxigraph = services["oxigraph"]
    binary = oxigraph["command"][0]
    assert binary == ".venv/bin/oxigraph"  # the test extra's binary, in the image's .venv
    bind = oxigraph["command"][oxigraph["command"].index("--bind") + 1]
    techties = services["techties"]
    location = parse_location(techties["environment"]["TECHTIES_STORE"])
    assert isinstance(location, Endpoints)
    port = bind.rsplit(":", 1)[1]
    assert location.query == f"http://oxigraph:{port}/query"
    assert location.update == f"http://oxigraph:{port}/update"
    assert techties["depends_on"]["oxigraph"]["condition"] == "service_healthy"
    assert f"127.0.0.1:{port}/query" in " ".join(oxigraph["healthcheck"]["test"])


@pytest.mark.servers
@pytest.mark.slow
def test_make_serve_listens_on_the_port_given(store_path, tmp_path):
    if not (ROOT / ".venv" / "bin" / "techties").exists():
        pytest.skip("make's targets run .venv/bin/techties: `make setup` first")
    port = free_port()
    log = tmp_path / "make.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(["make", "-o", ".venv/.installed", "serve", f"PORT={port}"],
                                cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, "TECHTIES_STORE": str(store_path)},
                                start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_serving(base, proc, log=log, seconds=60)
        with urllib.request.urlopen(base + "/health", timeout=10) as response:
            assert json.load(response)["status"] == "ok"
        assert f"on http://127.0.0.1:{port}/" in log.read_text()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(20)
