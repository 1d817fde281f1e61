"""Helpers the benchmarks share: paths, statistics, free ports, servers as subprocesses, and
the peak memory of a process tree. Not a benchmark itself."""

import os
import platform
import resource
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TECHTIES = str(BIN / "techties")
OXIGRAPH = str(BIN / "oxigraph")


def summary(samples: list[float]) -> dict:
    """Median, min and max of ``samples`` (and how many)."""
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples),
            "n": len(samples)}


def ms(stats: dict) -> str:
    """``median (min-max) ms`` of a summary of seconds."""
    return (f"{stats['median'] * 1000:8.1f} ms ({stats['min'] * 1000:.1f}-"
            f"{stats['max'] * 1000:.1f}, n={stats['n']})")


def machine() -> str:
    import pyoxigraph

    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal:"))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} CPUs, {mem_kb / 1024 / 1024:.1f} GiB RAM, Python "
            f"{platform.python_version()}, pyoxigraph {pyoxigraph.__version__}; "
            f"load average {load}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed(cmd: list[str], **kwargs) -> tuple[float, float, subprocess.CompletedProcess]:
    """Run ``cmd`` to its end (it must succeed): its wall-clock time, the CPU time (user +
    system) of it and its children, and its result."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return elapsed, cpu, done


@contextmanager
def server(cmd: list[str], ready_url: str, log: Path, timeout: float = 60,
           env: dict[str, str] | None = None):
    """Start ``cmd`` (its output to ``log``, in the environment ``env`` if given), wait until
    ``ready_url`` answers 200, yield the Popen; stop it after."""
    out = open(log, "wb")  # a file, not a pipe: a chatty server must never block on it
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{cmd[0]} exited: {log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(ready_url, timeout=2) as resp:
                    if resp.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{cmd[0]} did not answer {ready_url} in {timeout} s")
            time.sleep(0.1)
        yield proc
    finally:
        proc.terminate()  # techties turns SIGTERM into Ctrl-C and stops its workers
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        out.close()


def descendants(pid: int) -> list[int]:
    """``pid`` and every process under it."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes ``pids`` have used so far (those still alive)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / tick


def memory(pid: int) -> dict[str, int]:
    """VmHWM (peak RSS) and VmRSS in KiB of one process, and its name."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            fields[key] = int(value.split()[0])
        elif key == "Name":
            fields[key] = value.strip()
    return fields
