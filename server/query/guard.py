"""What a query or update may do, checked on its text before anything runs.

pyoxigraph follows ``SERVICE`` (and ``LOAD``) to any URL, and has no public algebra API, so
the text is read by a tokenizer that knows SPARQL's comments, strings, IRIs, variables and
prefixed names (after the ``\\u`` escapes that apply to the whole text): every ``SERVICE``
and ``LOAD`` keyword is found with the endpoint after it (``SILENT`` skipped; a prefixed name
resolved through the ``PREFIX`` declarations, a relative IRI through ``BASE`` or the
request's base). An endpoint that is a variable, or not on the allow-list, is refused.

A refused endpoint is replaced by an IRI nothing can fetch (:data:`REFUSED`) before the
text is parsed, so that a syntax error is still reported as one; then the text is refused
with 400, SERVICE SILENT included (an empty answer would hide why). ``LOAD SILENT`` of a URL
not allowed does nothing, as SILENT asks (and the W3C tests expect), and fetches nothing.

A malformed text is told from a well-formed one by pyoxigraph itself, against an empty store
in memory, its endpoints made unfetchable (:func:`syntax_check`): the same message and
position whatever store is behind, and whatever is refused.

The same tokens measure how deeply a text nests (:func:`depth`), and place the ``USING``
clauses that the protocol's ``using-graph-uri`` parameters stand for. pyoxigraph overflows
its stack, and the whole process dies, on a text nested some 900 to 9,000 levels deep
(``FILTER EXISTS`` and function calls the soonest, ``||`` chains the latest: measured in
``bench/nesting.py``); a query would take down only its worker, but an update runs in the
server process. Both are refused, with a 400 saying the limit, past :data:`MAX_DEPTH`.

>>> endpoints('PREFIX wd: <https://query.wikidata.org/> SELECT * { SERVICE SILENT wd:sparql {} }')
['https://query.wikidata.org/sparql']
>>> endpoints('SELECT * { ?s <http://e/service> "SERVICE <x>" } # SERVICE <y>')
[]
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

import pyoxigraph as ox

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<pname>(?:[^\W\d_][\w.-]*)?:(?:[\w.:%-]|\\.)*)
  | (?P<word>[^\W\d][\w-]*)
  | (?P<op>\|\||&&)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)

MAX_DEPTH = 200
"""The deepest a query or update may nest (:func:`depth`): 20 times what any library query or
W3C test needs, and below a quarter of the engine's smallest crashing depth, in the 8 MB stack
of a server thread as of a worker."""

CHAINS = ("UNION", "OPTIONAL", "MINUS", "||", "&&")
"""What the engine nests as it reads a chain of it: ``{a} UNION {b} UNION {c}`` is a union
within a union, as deep as the chain is long."""


class Refused(ValueError):
    """The text asks for something this server does not do."""


class TooDeep(Refused):
    """The text nests deeper than :data:`MAX_DEPTH`: ``depth`` says how deep."""

    def __init__(self, message: str, depth: int):
        super().__init__(message, depth)
        self.depth = depth
        self.limit = MAX_DEPTH

    def __str__(self) -> str:
        return self.args[0]


def is_iri(value: str) -> bool:
    """An absolute IRI (a scheme, and none of the characters IRIs may not hold)."""
    return bool(_ABSOLUTE.fullmatch(value))


_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^<>\"{}|^`\\\x00-\x20]*")


def unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def tokens(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, offset) of every token but spaces and comments."""
    found = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind not in ("space", "comment"):
            found.append((kind, match.group(), match.start()))
    return found


def depth(text: str) -> int:
    """How deeply ``text`` nests: at its deepest point, the brackets ``( { [`` open around it
    plus the links of the chains (:data:`CHAINS`) before it in each of them.

    >>> depth("SELECT * { ?s ?p ?o FILTER (?o = 1 || ?o = 2 || ?o = 3) }")
    4
    """
    links = [0]  # one count of chain links per open bracket, and one outside them all
    deepest = 0
    for kind, value, _ in tokens(text):
        if kind == "other" and value in "({[":
            links.append(0)
        elif kind == "other" and value in ")}]":
            if len(links) > 1:
                links.pop()
        elif kind in ("word", "op") and value.upper() in CHAINS:
            links[-1] += 1
        deepest = max(deepest, len(links) - 1 + sum(links))
    return deepest


def _word(token, *words) -> bool:
    return token[0] == "word" and token[1].upper() in words


@dataclass
class Call:
    """A SERVICE or LOAD in the text: the endpoint (None for a variable) and where it is."""
    keyword: str
    iri: str | None
    silent: bool
    start: int
    end: int


def resolve(base: str | None, iri: str) -> str:
    """``iri`` resolved against ``base``; as it is if the standard library cannot read it (a
    ``[`` in its host: "Invalid IPv6 URL"), for the parser to refuse. Found by fuzzing."""
    try:
        return urljoin(base or "", iri)
    except ValueError:
        return iri


def calls(text: str, base: str | None = None, keywords=("SERVICE", "LOAD")) -> list[Call]:
    """Every SERVICE and LOAD of ``text`` (already unescaped), in order."""
    toks = tokens(text)
    prefixes: dict[str, str] = {}
    found: list[Call] = []
    for i, tok in enumerate(toks):
        if _word(tok, "BASE") and i + 1 < len(toks) and toks[i + 1][0] == "iri":
            base = resolve(base, toks[i + 1][1][1:-1])
        elif _word(tok, "PREFIX") and i + 2 < len(toks) and toks[i + 2][0] == "iri":
            prefixes[toks[i + 1][1].rstrip(":")] = resolve(base, toks[i + 2][1][1:-1])
        elif _word(tok, *keywords):
            j = i + 1
            silent = j < len(toks) and _word(toks[j], "SILENT")
            j += silent
            if j >= len(toks):
                continue
            kind, value, at = toks[j]
            end = at + len(value)
            if kind == "iri":
                found.append(Call(tok[1].upper(), resolve(base, value[1:-1]), silent,
                                  at, end))
            elif kind == "pname":
                prefix, _, local = value.partition(":")
                if prefix not in prefixes:
                    continue  # the parser will say the prefix is undeclared
                found.append(Call(tok[1].upper(), prefixes[prefix] + re.sub(r"\\(.)", r"\1",
                                                                              local),
                                  silent, at, end))
            elif kind == "var":
                found.append(Call(tok[1].upper(), None, silent, at, end))
    return found


def endpoints(text: str, base: str | None = None) -> list[str | None]:
    """The endpoints ``text`` calls with SERVICE (None for a variable)."""
    return [c.iri for c in calls(unescape(text), base, ("SERVICE",))]


_MAY_CALL = re.compile(r"service|load|\\[uU]", re.IGNORECASE)
"""What a text that calls an endpoint must contain: the keyword, or an escape that may spell
it. Most queries have neither, and are not tokenized (which costs more than the rest of a
small query's request)."""

_NESTS = re.compile(r"[({\[]|\|\||&&|union|optional|minus", re.IGNORECASE)
"""What may add a level to :func:`depth`: a text with at most :data:`MAX_DEPTH` of them nests
no deeper (counted by the regex engine: a text whose keywords or escapes need the tokens is
read with them)."""

REFUSED = "<urn:x-techties:refused>"
"""What a refused endpoint is replaced by: an IRI no client can fetch, so that the parser
still reports syntax errors first, and a SILENT call fails silently, as SILENT asks."""


@dataclass
class Screened:
    text: str
    refused: list[str] = field(default_factory=list)
    """Why each refused call is refused (all but LOAD SILENT); the text must not run if any."""
    services: list[str] = field(default_factory=list)
    """The allowed endpoints it calls."""


def screen(text: str, allowlist, *, base: str | None = None, update: bool = False) -> Screened:
    """``text`` with every endpoint not on ``allowlist`` replaced by :data:`REFUSED`.

    Raises Refused for a SERVICE on a variable, and for a text nested too deeply.
    """
    allowed = set(allowlist)
    if not _MAY_CALL.search(text) and len(_NESTS.findall(text)) <= MAX_DEPTH:
        return Screened(text)  # nothing to screen, and too few brackets to nest too deep
    plain = unescape(text)
    level = depth(plain)
    if level > MAX_DEPTH:
        what, one = ("update", "an update") if update else ("query", "a query")
        raise TooDeep(f"the {what} nests {level} levels deep; {one} may nest at most "
                      f"{MAX_DEPTH} levels (each bracket counts one, and so does each UNION, "
                      "OPTIONAL, MINUS, || or && in a chain)", level)
    found = calls(plain, base, ("SERVICE", "LOAD") if update else ("SERVICE",))
    if not found:
        return Screened(text)
    screened = Screened(plain)
    for call in reversed(found):
        if call.iri is None:
            if call.keyword == "SERVICE":
                raise Refused("SERVICE on a variable is refused: name the endpoint")
            continue
        if call.iri in allowed:
            if call.keyword == "SERVICE":
                screened.services.append(call.iri)
            continue
        if call.keyword == "SERVICE" or not call.silent:
            screened.refused.append(
                f"SERVICE <{call.iri}> is not on the allow-list (TECHTIES_SERVICE_ALLOWLIST: "
                f"{' '.join(allowlist) or 'empty'})" if call.keyword == "SERVICE" else
                f"LOAD <{call.iri}> is refused: the server fetches only the URLs on "
                "TECHTIES_SERVICE_ALLOWLIST")
        screened.text = screened.text[:call.start] + REFUSED + screened.text[call.end:]
    screened.refused.reverse()
    return screened


_VERBS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "ADD", "MOVE", "COPY", "WITH"}


def split_prologue(text: str) -> tuple[str, str]:
    """The PREFIX and BASE declarations ``text`` opens with (up to its first operation or
    form), and the rest.

    >>> split_prologue("PREFIX e: <http://e/> # a comment\\nDROP GRAPH e:g")
    ('PREFIX e: <http://e/> ', '# a comment\\nDROP GRAPH e:g')
    """
    toks, i = tokens(text), 0
    while i < len(toks) and _word(toks[i], "PREFIX", "BASE"):
        i += 3 if _word(toks[i], "PREFIX") else 2
    if i == 0 or i >= len(toks):
        return "", text
    end = toks[i - 1][2] + len(toks[i - 1][1])
    return text[:end] + " ", text[end:].lstrip(" ")


def separator(update: str) -> str:
    """What goes between ``update`` and operations appended to it: `` ;``, or nothing after
    a trailing ``;`` or a text of only a prologue, where a ``;`` would be a syntax error.

    >>> separator("DROP ALL ;"), separator("PREFIX e: <http://e/>"), separator("CLEAR ALL")
    ('', '', ' ;')
    """
    toks = tokens(update)
    operations = any(kind == "word" and value.upper() in _VERBS for kind, value, _ in toks)
    return " ;" if operations and toks[-1][1] != ";" else ""


def syntax_check(text: str, *, base: str | None = None, update: bool = False) -> None:
    """Raise pyoxigraph's SyntaxError if ``text`` is malformed, having run it against an empty
    store in memory, every endpoint in it replaced by :data:`REFUSED`; what it does there
    says nothing of the real store and is ignored. Refused as :func:`screen` raises it.

    >>> syntax_check('SELECT * { SERVICE <http://e/> { ?s ?p ?o } }')
    >>> syntax_check("SELECT * WHERE { ?s")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    SyntaxError: error at 1:20: expected one of ...
    """
    harmless = screen(text, (), base=base, update=update).text
    empty = ox.Store()
    try:
        if update:
            empty.update(harmless, base_iri=base)
        else:
            empty.query(harmless, base_iri=base)
    except SyntaxError:
        raise
    except (OSError, ValueError, RuntimeError):
        pass


def with_using(update: str, default: list[str], named: list[str]) -> str:
    """``update`` with ``USING`` / ``USING NAMED`` clauses for the protocol's parameters.

    Raises Refused if the update has its own USING or WITH (the protocol forbids both).

    >>> with_using('DELETE WHERE { ?s ?p ?o }', ['http://e/g'], [])
    'DELETE { ?s ?p ?o } USING <http://e/g> WHERE { ?s ?p ?o }'
    """
    if not default and not named:
        return update
    clauses = " ".join([*(f"USING <{g}>" for g in default),
                        *(f"USING NAMED <{g}>" for g in named)])
    toks = tokens(update)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in the text
    level, op_start = 0, 0
    for i, tok in enumerate(toks):
        if tok[0] == "other" and tok[1] in "({[":
            level += 1
        elif tok[0] == "other" and tok[1] in ")}]":
            level -= 1
        elif level == 0 and _word(tok, "USING", "WITH"):
            raise Refused(f"the update has its own {tok[1].upper()} clause: it cannot be "
                          "combined with using-graph-uri or using-named-graph-uri")
        if level == 0 and (tok[1] == ";" or i == len(toks) - 1):
            edits.extend(_using_edits(update, toks[op_start:i + 1], clauses))
            op_start = i + 1
    for start, end, replacement in sorted(edits, reverse=True):
        update = update[:start] + replacement + update[end:]
    return update


def _using_edits(text: str, op: list, clauses: str) -> list[tuple[int, int, str]]:
    words = [(i, t) for i, t in enumerate(op) if t[0] == "word"]
    verbs = [(i, t) for i, t in words if _word(t, "DELETE", "INSERT")]
    if not verbs:
        return []
    first, verb = verbs[0]
    following = op[first + 1] if first + 1 < len(op) else None
    if following and _word(following, "DATA"):
        return []
    if _word(verb, "DELETE") and following and _word(following, "WHERE"):
        # DELETE WHERE { P }  ==  DELETE { P } USING ... WHERE { P }
        start = op[first + 2][2]
        end = _group_end(op, first + 2)
        pattern = text[start:end]
        return [(verb[2], end, f"DELETE {pattern} {clauses} WHERE {pattern}")]
    level = 0
    for tok in op[first:]:
        if tok[0] == "other" and tok[1] in "({[":
            level += 1
        elif tok[0] == "other" and tok[1] in ")}]":
            level -= 1
        elif level == 0 and _word(tok, "WHERE"):
            return [(tok[2], tok[2], clauses + " ")]
    return []


def _group_end(op: list, start: int) -> int:
    level = 0
    for tok in op[start:]:
        if tok[0] == "other" and tok[1] in "({[":
            level += 1
        elif tok[0] == "other" and tok[1] in ")}]":
            level -= 1
            if level == 0:
                return tok[2] + 1
    return op[-1][2] + len(op[-1][1])
