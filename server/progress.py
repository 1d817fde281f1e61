"""Progress bars (tqdm) for the commands that can run for more than a few seconds: load,
check, export, import, link discover.

A bar is drawn on standard error only when it is a terminal (tqdm's ``disable=None``), and only
once the command line has turned bars on (:func:`enable`): the server, which calls some of the
same code, never draws one. A bar leaves nothing behind when it ends (``leave=False``): the
command's own summary line is what stays. Lines a command prints while a bar is drawn go
through :func:`write`, above the bar.
"""

import sys

from tqdm import tqdm

_enabled = False


def enable(on: bool = True) -> None:
    """Let bars be drawn (on a terminal) from now on in this process: the command line."""
    global _enabled
    _enabled = on


def bar(iterable=None, *, desc: str, total: int | None = None, unit: str = "it") -> tqdm:
    """A bar over ``iterable`` (or updated by hand), counting ``unit``s ("B" for bytes, shown
    in kB, MB...)."""
    return tqdm(iterable, desc=desc, total=total, unit=unit, unit_scale=unit == "B",
                leave=False, dynamic_ncols=True, file=sys.stderr,
                disable=None if _enabled else True)


class Steps:
    """A bar over the named steps of a command: ``with Steps([...]) as steps: ... steps.done()``
    after each one, which names the next."""

    def __init__(self, names: list[str]):
        self.names = list(names)
        self.bar = bar(desc=self.names[0], total=len(self.names), unit="step")

    def done(self) -> None:
        self.bar.update()
        if self.bar.n < len(self.names):
            self.bar.set_description(self.names[self.bar.n])

    def __enter__(self) -> "Steps":
        return self

    def __exit__(self, *exc) -> None:
        self.bar.close()


def write(line: str) -> None:
    """Print ``line`` on standard output, above any bar."""
    tqdm.write(line, file=sys.stdout)
