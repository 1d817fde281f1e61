"""Child process for HermiT: ``python -m server.graph.hermit FILE.nt``.

Exit 0 consistent, 1 inconsistent (with HermiT's explanation), 2 could not run.
"""

import sys

from .. import namespaces as ns


def main(path: str) -> int:
    import owlready2

    world = owlready2.World()
    world.get_ontology("file://" + path).load(format="ntriples")
    try:
        with world.get_ontology(ns.BASE + "hermit-inferences"):
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError as exc:
        print(f"inconsistent: {exc}".rstrip(": "))
        return 1
    except owlready2.OwlReadyJavaError as exc:
        print(f"HermiT failed: {exc}", file=sys.stderr)
        return 2
    unsatisfiable = list(world.inconsistent_classes())
    if unsatisfiable:
        names = ", ".join(sorted(c.iri for c in unsatisfiable))
        print(f"consistent, but these classes are unsatisfiable: {names}")
        return 1
    print(f"consistent ({len(world.graph)} triples, {len(list(world.classes()))} classes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
