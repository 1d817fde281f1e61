"""techties: a knowledge graph of technology ties between states, served as Linked Data.

rdflib logs a warning with a traceback for every literal whose lexical form does not fit its
datatype (``"abc"^^xsd:date``), each time it makes one. techties reports such a literal to the
one who sent it (the submission rule ``ill-typed``), so those records are dropped here, for
every entry point, rather than reach a terminal or a server's log as noise.
"""

import logging


class _NoConversionTraces(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Failed to convert Literal lexical form")


logging.getLogger("rdflib.term").addFilter(_NoConversionTraces())
