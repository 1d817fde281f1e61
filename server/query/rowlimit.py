"""Writing query answers with a row limit, streamed, in pyoxigraph's own serializations.

pyoxigraph serializes a whole result; it cannot be handed a truncated one. So solutions are
serialized natively into a :class:`Cut` writer that counts rows in the bytes as they pass (a
small scanner per format) and, at the row after the limit, stops the serializer and closes
the document, valid for strict parsers: JSON and XML close their arrays and elements (XML
with a comment saying so), CSV and TSV end at the last whole row. Triples are counted as they
are read and written in batches (whole, for JSON-LD and RDF/XML, which cannot be
concatenated), Turtle and N-Triples with a closing comment. The worker holds an answer back
until it is complete or cut (:data:`server.query.workers.HOLD`), so the response's headers say
whether it was cut (``X-Result-Truncated``).

>>> import pyoxigraph as ox, io
>>> from server.formats import RESULT_FORMATS
>>> store = ox.Store()
>>> for i in range(3):
...     store.add(ox.Quad(ox.NamedNode(f"http://e/{i}"), ox.NamedNode("http://e/p"),
...                       ox.Literal("x")))
>>> out = io.BytesIO()
>>> write_solutions(store.query("SELECT ?s { ?s ?p ?o }"), RESULT_FORMATS["tsv"], out, 2)
True
>>> len(out.getvalue().splitlines())
3
"""

import re

import pyoxigraph as ox

BATCH = 1000


class _Stop(Exception):
    """Raised from inside the serializer once the limit is reached."""


class Cut:
    """A writer that passes on the bytes of at most ``limit`` rows, then closes the document."""

    SUFFIX = {"json": b"]}}", "xml": b"<!-- truncated at the row limit -->"
                                                     b"</results></sparql>",
              "csv": b"", "tsv": b""}

    def __init__(self, name: str, out, limit: int):
        self.name, self.out, self.limit = name, out, limit
        self.rows = 0
        self.truncated = False
        self.held = b""  # bytes after the limit-th row, until we know whether a row follows
        # scanner state
        self.header_done = False
        self.in_string = False
        self.escape = False
        self.depth = 0
        self.tail = b""

    def write(self, data) -> int:
        data = bytes(data)
        if self.truncated:
            raise _Stop()
        cut = getattr(self, "_scan_" + self.name)(data)
        if cut is None:
            if self.rows >= self.limit:
                self.held += data
            else:
                self.out.write(data)
            return len(data)
        # ``cut``: (bytes to pass on, True if a row beyond the limit started)
        passed, beyond = cut
        if passed:
            self.out.write(passed)
        if beyond:
            self.truncated = True
            self.out.write(self.SUFFIX[self.name])
            raise _Stop()
        self.held += data[len(passed):]
        return len(data)

    def flush(self) -> None:
        pass

    def finish(self) -> None:
        if not self.truncated and self.held:
            self.out.write(self.held)
            self.held = b""

    # Each scanner returns None (no decision: pass the chunk on, or hold it once the limit is
    # reached), or (what to pass on, whether a row beyond the limit has begun).

    def _row_done(self, data: bytes, end: int):
        self.rows += 1
        if self.rows == self.limit:
            return data[:end]
        return None

    _LINES = re.compile(rb'["\n]')

    def _scan_tsv(self, data: bytes):
        return self._scan_lines(data, quoted=False)

    def _scan_csv(self, data: bytes):
        return self._scan_lines(data, quoted=True)

    def _scan_lines(self, data: bytes, quoted: bool):
        if self.rows >= self.limit:
            return (b"", True) if data.strip(b"\r\n") else None
        for match in self._LINES.finditer(data):
            at = match.start()
            if match.group() == b'"':
                if quoted:
                    self.in_string = not self.in_string
                continue
            if self.in_string:
                continue
            if not self.header_done:
                self.header_done = True
                continue
            done = self._row_done(data, at + 1)
            if done is not None:
                return (done, bool(data[at + 1:].strip(b"\r\n")))
        return None

    _JSON = re.compile(rb'[\\"{}\[\]]')

    def _scan_json(self, data: bytes):
        passed = None
        skip = 0 if self.escape else -1
        self.escape = False
        for match in self._JSON.finditer(data):
            char, at = match.group(), match.start()
            if at == skip:
                continue
            if self.in_string:
                if char == b"\\":
                    if at + 1 < len(data):
                        skip = at + 1
                    else:
                        self.escape = True
                elif char == b'"':
                    self.in_string = False
                continue
            if char == b'"':
                self.in_string = True
            elif char in (b"{", b"["):
                if char == b"{" and self.depth == 3 and self.rows >= self.limit:
                    return (passed if passed is not None else b"", True)
                self.depth += 1
            else:
                self.depth -= 1
                if char == b"}" and self.depth == 3 and self.rows < self.limit:
                    done = self._row_done(data, at + 1)
                    if done is not None:
                        passed = done
        return None if passed is None else (passed, False)

    def _scan_xml(self, data: bytes):
        text = self.tail + data
        offset = len(self.tail)
        passed = None
        position = 0
        while True:
            opening = text.find(b"<result>", position)
            closing = text.find(b"</result>", position)
            if opening == -1 and closing == -1:
                break
            if opening != -1 and (closing == -1 or opening < closing):
                if self.rows >= self.limit:
                    end = max(0, opening - offset)
                    return (data[:end] if passed is None else passed, True)
                position = opening + 8
            else:
                position = closing + 9
                if self.rows < self.limit:
                    end = max(0, position - offset)
                    done = self._row_done(data, end)
                    if done is not None:
                        passed = done
        self.tail = text[-8:]
        return None if passed is None else (passed, False)


class Gate:
    """A writer in front of :class:`Cut` that spares most answers its scan: it holds the bytes
    and counts, with ``bytes.count``, a marker that every row adds at least once (and that
    may also occur inside a value: so an upper bound on the rows). An answer whose bound stays
    within the limit, and that ends within ``hold`` bytes, passes as it is, never scanned in
    Python; otherwise what was held, and the rest, go through a Cut, which counts exactly."""

    MARKERS = {"json": b"},{", "xml": b"<result>", "csv": b"\n", "tsv": b"\n"}
    """Between two rows of JSON (a row is an object, and a quote in a value is escaped, so
    ``},{`` ends a row or sits in a value); the start of an XML row; a line of CSV or TSV."""

    def __init__(self, name: str, out, limit: int, hold: int):
        self.name, self.out, self.limit, self.hold = name, out, limit, hold
        self.marker = self.MARKERS[name]
        self.held: list[bytes] = []
        self.size = 0
        self.bound = 1  # JSON's first row has no marker before it
        self.tail = b""
        self.cut: Cut | None = None

    def write(self, data) -> int:
        data = bytes(data)
        if self.cut is not None:
            return self.cut.write(data)
        self.held.append(data)
        self.size += len(data)
        seen = self.tail + data
        self.bound += seen.count(self.marker)
        # a marker split across two writes is counted once its last byte comes; a one-byte
        # marker never is, so nothing is kept (``[-0:]`` would keep everything)
        self.tail = seen[-(len(self.marker) - 1):] if len(self.marker) > 1 else b""
        if self.bound > self.limit or self.size > self.hold:
            self.cut = Cut(self.name, self.out, self.limit)
            held, self.held = b"".join(self.held), []
            self.cut.write(held)
        return len(data)

    def flush(self) -> None:
        pass

    def finish(self) -> None:
        if self.cut is not None:
            self.cut.finish()
        else:
            self.out.write(b"".join(self.held))


def write_solutions(result, fmt, out, limit: int | None, hold: int = 4 * 1024 * 1024) -> bool:
    """Serialize SELECT solutions as ``fmt`` into ``out``; True if cut at ``limit`` rows.
    An answer that plainly has fewer rows and fewer than ``hold`` bytes is not scanned
    (:class:`Gate`)."""
    if not limit:
        result.serialize(out, fmt.oxigraph)
        return False
    gate = Gate(fmt.name, out, limit, hold)
    try:
        result.serialize(gate, fmt.oxigraph)
    except Exception:
        if gate.cut is None or not gate.cut.truncated:
            raise
        return True
    gate.finish()
    return False


def write_triples(result, fmt, out, limit: int | None,
                  prefixes: dict[str, str] | None = None) -> bool:
    """Serialize CONSTRUCT/DESCRIBE triples as ``fmt``; True if cut at ``limit`` triples.
    Turtle uses ``prefixes``, declared once, in the first batch."""
    streamable = fmt.name in ("nt", "ttl")
    prefixes = prefixes if fmt.name == "ttl" else None
    header = _prefix_lines(prefixes)
    batch, count, truncated, first = [], 0, False, True

    def write(triples) -> None:
        nonlocal first
        data = ox.serialize(triples, format=fmt.oxigraph, prefixes=prefixes)
        out.write(data if first else data.removeprefix(header))
        first = first and not data

    for triple in result:
        if limit and count >= limit:
            truncated = True
            break
        batch.append(triple)
        count += 1
        if streamable and len(batch) >= BATCH:
            write(batch)
            batch = []
    if batch or not streamable:
        write(batch)
    if truncated and streamable:
        out.write(f"# truncated at the limit of {limit} triples\n".encode())
    return truncated


def _prefix_lines(prefixes: dict[str, str] | None) -> bytes:
    """The ``@prefix`` lines pyoxigraph opens a Turtle document with, for ``prefixes``."""
    if not prefixes:
        return b""
    probe = [ox.Triple(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.NamedNode("urn:x:o"))]
    with_lines = ox.serialize(probe, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    return with_lines.removesuffix(ox.serialize(probe, format=ox.RdfFormat.TURTLE))
