"""How deep pyoxigraph can nest before it overflows its stack (and the process dies), for each
construct that nests: the measure behind ``server.query.guard.MAX_DEPTH``.

    .venv/bin/python bench/nesting.py [--constructs braces,union,...]

Each text is evaluated against an empty store in a fresh process (main thread, the default
8 MB stack); the depth at which that process dies by a signal is found by bisection between
10 and 20,000. Measured with pyoxigraph 0.5.13: FILTER EXISTS ~830, CONCAT( ~900, braces
~2,100, MINUS ~2,600, BIND and DESCRIBE lists ~2,600, parentheses ~4,500, UNION ~6,300,
BGP triple patterns ~8,100, || ~9,000. Not run by CI.
"""

import argparse
import subprocess
import sys

CONSTRUCTS = {
    "braces": lambda n: "SELECT * WHERE " + "{" * n + "}" * n,
    "parens": lambda n: "SELECT * WHERE { FILTER (" + "(" * n + "1" + ")" * n + ") }",
    "union": lambda n: "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * n) + " }",
    "or": lambda n: "SELECT * WHERE { ?s ?p ?o FILTER (" + " || ".join(["?o"] * n) + ") }",
    "optional": lambda n: "SELECT * WHERE { ?s ?p ?o " + " OPTIONAL { ?s ?p ?o }" * n + " }",
    "minus": lambda n: "SELECT * WHERE { ?s ?p ?o " + " MINUS { ?s ?p ?o }" * n + " }",
    "bgp": lambda n: "SELECT * WHERE { " + " . ".join(f"?s{i} <http://e/p> ?o"
                                                       for i in range(n)) + " }",
    "concat": lambda n: "SELECT * WHERE { BIND(" + "CONCAT(" * n + "'a'" + ")" * n + " AS ?x) }",
    "exists": lambda n: "SELECT * WHERE { " + "FILTER EXISTS { " * n + " }" * n + " }",
    "bind": lambda n: "SELECT * WHERE { " + " ".join(f"BIND({i} AS ?x{i})"
                                                     for i in range(n)) + " }",
    "describe": lambda n: "DESCRIBE " + " ".join(f"<http://e/{i}>" for i in range(n)),
}

RUN = """
import sys, pyoxigraph as ox
result = ox.Store().query(sys.stdin.read())
if hasattr(result, '__iter__'):
    list(result)
"""


def crashes(text: str) -> bool:
    try:
        done = subprocess.run([sys.executable, "-c", RUN], input=text, capture_output=True,
                              text=True, timeout=60)
    except subprocess.TimeoutExpired:
        return False
    return done.returncode < 0


def threshold(build, low: int = 10, high: int = 20000) -> tuple[int, int] | None:
    """(deepest that survived, shallowest that crashed), within 5%; None if ``high`` survives."""
    if not crashes(build(high)):
        return None
    while high - low > max(5, low // 20):
        middle = (low + high) // 2
        if crashes(build(middle)):
            high = middle
        else:
            low = middle
    return low, high


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--constructs", default=",".join(CONSTRUCTS))
    for name in parser.parse_args().constructs.split(","):
        found = threshold(CONSTRUCTS[name])
        said = "survives 20000" if found is None else f"crashes between {found[0]} and {found[1]}"
        print(f"{name:10} {said}", flush=True)


if __name__ == "__main__":
    main()
