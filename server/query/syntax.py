"""Syntax errors in words a person reads, at the place of the mistake.

pyoxigraph's parser (a PEG) tells where it gave up and every token it would have taken
there: an undeclared prefix at column 18 comes out as "error at 1:26: expected OPTIONAL", or
as "expected one of Prefix not found, ['%'], ['-' | '0' ..= '9' | ...". So the text is first
read with the guard's tokenizer (:func:`server.query.guard.tokens`) for the mistakes people
make most, each told at its own line and column: a prefix no ``PREFIX`` declares, an IRI
with a space or another character IRIs may not hold, a bracket closed by the wrong one or
never closed, a closing bracket with nothing to close, a string left open. Only if none is
found is the parser's position kept, with the words of what it would have taken there.

>>> str(explain("SELECT * WHERE { ex:a ?p ?o }", SyntaxError("error at 1:26: expected OPTIONAL")))
'line 1, column 18: unknown prefix `ex:`: declare it first (PREFIX ex: <...>)'
"""

import re

import pyoxigraph as ox

from . import guard

_FIRST_WORDS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK", "PREFIX", "BASE", "VERSION", "INSERT",
                "DELETE", "WITH", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY"}
"""The words a query or an update may begin with."""
_POSITION = re.compile(r"^error at (\d+):(\d+): ")
_CLOSES = {")": "(", "}": "{", "]": "["}
_BROKEN_IRI = re.compile(r"<[A-Za-z/#][^>\n]*>")
"""What was meant as an IRI (``<`` then a letter, ``/`` or ``#``, and ``>`` on the line),
which the tokenizer did not take as one: it holds a character IRIs may not."""


class QuerySyntaxError(SyntaxError):
    """A malformed query or update: ``line`` and ``column`` (from 1) and what is wrong there."""

    def __init__(self, message: str, line: int, column: int):
        super().__init__(message, line, column)
        self.message = message
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"


def _place(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _mistakes(text: str) -> list[tuple[int, str]]:
    """(offset, what is wrong) for each mistake the tokens show, in the text's order."""
    toks = guard.tokens(text)
    declared: set[str] = set()
    found: list[tuple[int, str]] = []
    opened: list[tuple[str, int]] = []
    skip_to = brackets = 0  # brackets: -1 once a bracket closed the wrong one (then stop)
    first = next((t for t in toks if t[0] in ("word", "pname", "op", "other")), None)
    if first and (first[0] != "word" or first[1].upper() not in _FIRST_WORDS):
        found.append((first[2], f"`{first[1]}` cannot begin a query: it begins with SELECT, "
                                "CONSTRUCT, ASK or DESCRIBE (an update with INSERT, DELETE..."
                                "), after any PREFIX and BASE"))
    for i, (kind, value, at) in enumerate(toks):
        if at < skip_to:
            continue
        broken = _BROKEN_IRI.match(text, at) if value == "<" else None
        if broken:
            found.append((at, f"`{broken.group()}` is not an IRI: an IRI holds no space and "
                              'none of < > " { } | \\ ^ `'))
            skip_to = broken.end()
            continue
        after_prefix = i > 0 and toks[i - 1][0] == "word" and toks[i - 1][1].upper() == "PREFIX"
        if kind == "pname" and after_prefix:
            declared.add(value.partition(":")[0])
        elif kind == "pname" and value.partition(":")[0] not in declared:
            prefix = value.partition(":")[0]
            found.append((at, f"unknown prefix `{prefix}:`: declare it first "
                              f"(PREFIX {prefix}: <...>)"))
        elif kind == "other" and value in "({[" and brackets == 0:
            opened.append((value, at))
        elif kind == "other" and value in ")}]" and brackets == 0:
            if not opened:
                found.append((at, f"`{value}` closes nothing"))
                brackets = -1
            elif opened[-1][0] != _CLOSES[value]:
                start = _place(text, opened[-1][1])
                found.append((at, f"`{value}` cannot close the `{opened[-1][0]}` opened at "
                                  f"line {start[0]}, column {start[1]}"))
                brackets = -1
            else:
                opened.pop()
        elif kind == "other" and value in "\"'":
            found.append((at, "a string opened here is not closed (on this line, or with "
                              "the same quotes)"))
    if brackets == 0:
        found += [(at, f"`{value}` is never closed") for value, at in opened]
    return sorted(found)


def _parser_said(message: str) -> str:
    """What the parser would have taken, in its words only (character classes and ``[_]``,
    any other character, left out); its own list is partial, so it is said as a hint."""
    message = re.sub(r"\[[^\]]*\]", "", message)
    words = [w.strip() for w in message.removeprefix("expected one of ").removeprefix(
        "expected ").split(",")]
    words = [w for w in words if w and not w.startswith("'")]
    return f" (it would take, among others: {', '.join(words)})" if words else ""


def _valid_iri(iri: str) -> bool:
    try:
        ox.NamedNode(guard.resolve("http://example.org/", iri))  # relative ones resolved
        return True
    except ValueError:
        return False


def explain(text: str, exc: SyntaxError) -> QuerySyntaxError:
    """``exc``, which pyoxigraph raised on ``text``, told at the place of the mistake."""
    said = str(exc)
    position = _POSITION.match(said)
    mistakes = _mistakes(text)
    if mistakes:
        offset, message = mistakes[0]
        return QuerySyntaxError(message, *_place(text, offset))
    if position is None:
        return QuerySyntaxError(said, 1, 1)
    line, column = int(position.group(1)), int(position.group(2))
    rest = said[position.end():]
    if "IRI parsing failed" in rest:  # the parser points past it: find which one
        for kind, value, at in guard.tokens(text):
            if kind == "iri" and not _valid_iri(value[1:-1]):
                return QuerySyntaxError(f"`{value}` is not a valid IRI", *_place(text, at))
        return QuerySyntaxError("not a valid IRI", line, column)
    offset = sum(len(row) + 1 for row in text.split("\n")[:line - 1]) + column - 1
    if not text[offset:].strip():  # the parser ran past the end: the last token is the fault
        last = [at for _, _, at in guard.tokens(text) if at < offset]
        if last:
            offset = last[-1]
            line, column = _place(text, offset)
    near = text[offset:offset + 20].split("\n")[0].strip()
    at = f"from `{near}` on" if near else "at its end"
    return QuerySyntaxError(f"the text cannot be read {at}{_parser_said(rest)}", line, column)
