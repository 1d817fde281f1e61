"""Progress bars (server/progress.py): the commands that can run for more than a few seconds
draw one on a terminal, and none when standard error is a file or a pipe (a log, CI)."""

import fcntl
import gzip
import os
import pty
import struct
import subprocess
import sys
import termios

import pytest
from helpers import DATA, ROOT, shared_dir

pytestmark = pytest.mark.servers  # subprocesses


def techties(args, cwd, *, terminal: bool) -> tuple[int, str, str]:
    """``techties ARGS`` in a subprocess, its standard error a terminal (a pseudo-terminal of
    80 columns) or a pipe: (exit code, stdout, stderr)."""
    # the documents' texts where the other tests find them (beside this checkout, or beside the
    # one it was cloned from), so that `check` can run its anchors check rather than skip it
    env = {**os.environ, "PYTHONPATH": str(ROOT),
           "TECHTIES_SOURCES": str(shared_dir() / "sources")}
    command = [sys.executable, "-m", "server.cli", *map(str, args)]
    if not terminal:
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                              timeout=600)
        return done.returncode, done.stdout, done.stderr
    main, side = pty.openpty()
    fcntl.ioctl(side, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=side,
                            text=True)
    os.close(side)
    seen = b""
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:  # EIO: the terminal's other side is closed
            break
        if not data:
            break
        seen += data
    os.close(main)
    out = proc.stdout.read()
    proc.stdout.close()
    return proc.wait(60), out, seen.decode(errors="replace")


@pytest.fixture
def gzipped_file(tmp_path):
    path = tmp_path / "sample.nt.gz"
    with gzip.open(path, "wb") as fh:
        fh.write(b"".join(b'<http://example.org/s%d> <http://example.org/p> "%d" .\n' % (i, i)
                          for i in range(20000)))
    return path


CASES = {
    "export": (lambda store, tmp: ["export", "--store", store, tmp / "out.nq"],
               "exporting nq", "Exported "),
    "import a gzipped file": (lambda store, tmp: ["import", "--store", store,
                                                   tmp / "sample.nt.gz", "--graph",
                                                   "http://example.org/sample"],
                              "loading", "Imported 20000 triples"),
    "link discover": (lambda store, tmp: ["link", "discover", "--store", store, "--against",
                                          DATA / "links" / "wikidata-sample.ttl",
                                          "--out", tmp / "found"],
                      "matching", "accepted"),
}


@pytest.mark.parametrize("case", CASES)
def test_a_bar_on_a_terminal_only(case, store_copy, tmp_path, gzipped_file):
    args, bar, summary = CASES[case]
    code, out, err = techties(args(store_copy, tmp_path), tmp_path, terminal=True)
    assert code == 0, err
    assert bar in err and "\r" in err, err  # drawn, and redrawn in place
    assert summary in out
    code, out, err = techties(args(store_copy, tmp_path), tmp_path, terminal=False)
    assert code == 0 and err == "", err  # nothing but the answer when not on a terminal
    assert summary in out


@pytest.mark.slow
@pytest.mark.parametrize("command, bar, summary", [
    ("load", "checking the shapes (SHACL)", "Loaded "),
    ("check", "checking", "PASS  SHACL shapes on the curated data"),
])
def test_load_and_check_on_a_terminal(command, bar, summary, store_copy, tmp_path):
    code, out, err = techties([command, "--store", store_copy], tmp_path, terminal=True)
    assert code == 0, out + err
    assert bar in err, err
    assert summary in out
