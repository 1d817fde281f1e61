"""Analyst questions, written from the three source documents alone, answered by the graph.

Each question was written, and its answer worked out, from the texts in ``shared/sources/``
(Kapoor 2021, Lin' Menghan 2024 with its two peer reviews, Shakhanova 2026) before the
curated data was read; the SPARQL is then written over the graph's model (claims as
``owl:Axiom`` statement nodes with ``tt:evidence``; vague times as ``tt:TimeSpan``;
disagreements as ``tt:Disagreement`` with ``tt:side`` claims). The expected rows are what the
documents say, never the graph's output copied back.

Categories (the id's first letter): L lookup, J join, A aggregate, P provenance (which
document states a value, with which quote), D disagreement, H hedged or implied, T time.
"""

from decimal import Decimal

import pyoxigraph as ox
import pytest

NS = {
    "tt": "https://w3id.org/techties/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "oa": "http://www.w3.org/ns/oa#",
    "time": "http://www.w3.org/2006/time#",
    "st": "https://w3id.org/techties/id/state/",
    "og": "https://w3id.org/techties/id/organization/",
    "ps": "https://w3id.org/techties/id/person/",
    "grp": "https://w3id.org/techties/id/group/",
    "pl": "https://w3id.org/techties/id/place/",
    "in": "https://w3id.org/techties/id/instrument/",
    "tech": "https://w3id.org/techties/id/technology/",
    "fld": "https://w3id.org/techties/id/field/",
    "pr": "https://w3id.org/techties/id/product/",
    "init": "https://w3id.org/techties/id/initiative/",
    "ev": "https://w3id.org/techties/id/event/",
    "idea": "https://w3id.org/techties/id/idea/",
    "mem": "https://w3id.org/techties/id/membership/",
    "coop": "https://w3id.org/techties/id/cooperation/",
    "dev": "https://w3id.org/techties/id/development/",
    "adopt": "https://w3id.org/techties/id/adoption/",
    "dep": "https://w3id.org/techties/id/dependency/",
    "fig": "https://w3id.org/techties/id/figure/",
    "src": "https://w3id.org/techties/id/source/",
    "qt": "https://w3id.org/techties/id/quote/",
    "cl": "https://w3id.org/techties/id/claim/",
    "dis": "https://w3id.org/techties/id/disagreement/",
    "unit": "https://w3id.org/techties/id/unit/",
}
PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in NS.items())
_BY_LENGTH = sorted(NS.items(), key=lambda item: -len(item[1]))
_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"


def plain(term):
    """A result term as a plain value: an IRI written compactly (``st:russia``), a literal's
    lexical form (integers and decimals as numbers), None for an unbound variable."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        for prefix, iri in _BY_LENGTH:
            if term.value.startswith(iri):
                return f"{prefix}:{term.value[len(iri):]}"
        return term.value
    if isinstance(term, ox.Literal):
        if term.datatype.value == _INTEGER:
            return int(term.value)
        if term.datatype.value == _DECIMAL:
            return Decimal(term.value)
        return term.value
    return str(term)


def _key(row):
    return tuple("" if v is None else str(v) for v in row)


def normalize(rows):
    """Expected rows as sorted tuples (a bare value is a one-column row)."""
    return sorted((tuple(r) if isinstance(r, (tuple, list)) else (r,) for r in rows), key=_key)


def answer(db, sparql):
    """The sorted rows of plain values the query returns over the union of the graphs."""
    result = db.query(PROLOGUE + sparql, use_default_graph_as_union=True)
    return sorted((tuple(plain(row[i]) for i in range(len(row))) for row in result), key=_key)


Q = pytest.param

QUESTIONS = [
    # ------------------------------------------------------------------ lookups
    # ------------------------------------------------------------------ lookups
    Q("Which countries excluded Huawei from their 5G networks?",
      """SELECT DISTINCT ?country WHERE {
           ?m a tt:Sanction ; tt:target og:huawei ; tt:domain tech:5g ; tt:imposedBy ?s .
           ?s rdfs:label ?country FILTER(LANG(?country) = "en") }""",
      ["US", "Australia", "India", "Sweden", "UK"], id="L01-huawei-5g-excluders"),
    Q("Which prominent Russian entities is Huawei looking to collaborate with?",
      """SELECT DISTINCT ?name WHERE {
           ?c a tt:Cooperation ; tt:partner og:huawei , ?p ; tt:status ?status .
           FILTER(CONTAINS(?status, "looking to") && ?p != og:huawei)
           ?p rdfs:label ?name }""",
      ["Yandex", "Kaspersky", "Sberbank"], id="L02-huawei-prospective-partners"),
    Q("From which company did Huawei acquire patents, and in which technologies?",
      """SELECT DISTINCT ?from ?tech WHERE {
           ?a a tt:Acquisition ; tt:acquirer og:huawei ; tt:acquiredFrom ?f ; tt:domain ?t .
           ?f rdfs:label ?from . ?t skos:prefLabel ?tech }""",
      [("Vocord", "video surveillance"), ("Vocord", "facial recognition")],
      id="L03-huawei-vocord-patents"),
    Q("Which countries make up the CSTO, as the 2026 paper lists them?",
      """SELECT DISTINCT ?country WHERE {
           ?m a org:Membership ; org:organization og:collective-security-treaty-organization ;
              org:member ?s . ?s a tt:State ; rdfs:label ?country FILTER(LANG(?country) = "en") }""",
      ["Russia", "Belarus", "Armenia", "Kazakhstan", "Kyrgyzstan", "Tajikistan"],
      id="L04-csto-members"),
    Q("Who is the Chinese government's special representative on Eurasian Affairs?",
      """SELECT DISTINCT ?name WHERE {
           ?p a foaf:Person ; tt:office ?office ; rdfs:label ?name .
           FILTER(CONTAINS(LCASE(?office), "eurasian affairs")) }""",
      ["Sun Linjiang"], id="L05-special-representative-eurasia"),
    Q("Which Russian generative AI models does the 2026 paper name, and who developed each?",
      """SELECT DISTINCT ?model ?developer WHERE {
           ?d a tt:Development ; tt:product ?m ; tt:developer ?o .
           ?m a tt:AIModel ; rdfs:label ?model . ?o rdfs:label ?developer ; tt:basedIn st:russia }""",
      [("GigaChat", "Sberbank"), ("YandexGPT", "Yandex")], id="L06-russian-ai-models"),
    Q("Which start-up in China did the Russia–China Investment Fund finance?",
      """SELECT DISTINCT ?startup WHERE {
           ?x a tt:Cooperation ; tt:partner og:russia-china-investment-fund , ?o .
           ?o a tt:Company ; rdfs:label ?startup ; tt:basedIn st:china }""",
      ["Biren Technology"], id="L07-investment-fund-startup"),
    Q("Which AI models would Russia's 2026 draft law limit, and which would it localise?",
      """SELECT DISTINCT ?model ?effect WHERE {
           ?law a tt:Law ; tt:status "draft" .  ?m a tt:AIModel ; rdfs:label ?model .
           { ?law tt:hindered ?m BIND("limited" AS ?effect) }
           UNION
           { ?law tt:concerns ?m . ?a a tt:Adoption ; tt:adopter st:russia ; tt:product ?m ;
                  rdfs:label ?plan . FILTER(CONTAINS(?plan, "localise")) BIND("localised" AS ?effect) } }""",
      [("ChatGPT", "limited"), ("Claude", "limited"), ("Gemini", "limited"),
       ("Qwen", "localised"), ("DeepSeek", "localised")], id="L08-draft-law-models"),
    Q("Which companies signed the 2009 oil supply contract, and for how many years?",
      """SELECT DISTINCT ?party ?years WHERE {
           ?k a tt:Contract ; tt:dateSigned "2009"^^xsd:gYear ; tt:party ?p . ?p rdfs:label ?party .
           ?f a tt:Figure ; tt:subject ?k ; tt:unit unit:year ; tt:value ?years }""",
      [("Rosneft", 20), ("Transneft", 20), ("CNPC", 20)], id="L09-oil-contract-2009"),
    Q("In which areas is the 2022 AI Action Plan to develop cooperation, and who issued it?",
      """SELECT DISTINCT ?area ?issuer WHERE {
           ?plan rdfs:label "Action Plan for cooperation in the field of artificial intelligence"@en ;
                 tt:domain ?d ; tt:party ?p .
           ?d skos:prefLabel ?area . ?p rdfs:label ?issuer }""",
      [(a, i) for a in ("artificial intelligence", "intelligent manufacturing", "smart transport",
                        "smart cities")
       for i in ("Ministries of Science and Technology of China",
                 "Russian Ministry of Science and Technology")],
      id="L10-ai-action-plan-areas"),
    Q("Where was the 2021 Digital Silk Road Summit held, and on what did the parties agree there?",
      """SELECT DISTINCT ?place ?topic WHERE {
           ?e rdfs:label "Digital Silk Road Summit"@en ; tt:location ?l . ?l rdfs:label ?place .
           ?a tt:framework ?e ; tt:domain ?t . ?t skos:prefLabel ?topic }""",
      [("Shanghai", "5G"), ("Shanghai", "cloud computing"), ("Shanghai", "artificial intelligence")],
      id="L11-digital-silk-road-summit"),
    Q("How many notable AI models did the US, China and Europe produce in 2024 (AI Index 2025)?",
      """SELECT DISTINCT ?who ?n WHERE {
           ?f a tt:Figure ; tt:subject ?who ; tt:measure ?measure ; tt:value ?n ;
              tt:period "2024"^^xsd:gYear . FILTER(CONTAINS(?measure, "notable")) }""",
      [("st:united-states", 40), ("st:china", 15), ("pl:europe", 3)], id="L12-notable-ai-models-2024"),
    Q("How many AI-related laws did Russia adopt in 2024?",
      """SELECT DISTINCT ?n WHERE {
           ?f a tt:Figure ; tt:subject st:russia ; tt:measure ?m ; tt:value ?n ;
              tt:period "2024"^^xsd:gYear . FILTER(CONTAINS(?m, "laws")) }""",
      [7], id="L13-russia-ai-laws-2024"),
    Q("How many small nuclear power plants does Russia plan for AI data centres, and in which "
      "regions?",
      """SELECT DISTINCT ?n ?region WHERE {
           ?f a tt:Figure ; tt:measure ?m ; tt:value ?n ; tt:subject ?plan .
           FILTER(CONTAINS(?m, "small nuclear power plants"))
           ?plan tt:location ?region }""",
      [(38, "pl:ural"), (38, "pl:siberia"), (38, "pl:russian-far-east")], id="L14-small-nuclear-plants"),
    Q("To which new areas has Russia-China cooperation expanded, as the focus of the Year of "
      "Scientific, Technical and Innovation Cooperation?",
      """SELECT DISTINCT ?area WHERE {
           ?y a tt:Initiative ; rdfs:label "Year of Scientific, Technical and Innovation Cooperation"@en ;
              tt:domain ?d . ?d skos:prefLabel ?area }""",
      ["artificial intelligence", "big data", "5G", "robotics", "digital economy",
       "biotechnology", "information and communications technology"], id="L15-year-domains"),
    Q("Which initiatives facilitate Russia-China technological cooperation, per Kapoor?",
      """SELECT DISTINCT ?name WHERE {
           ?x tt:facilitated ?coop . ?coop a tt:Cooperation . ?x rdfs:label ?name ; a ?t .
           FILTER(?t IN (tt:Initiative, org:Organization))
           ?c owl:annotatedSource ?x ; owl:annotatedProperty tt:facilitated ;
              owl:annotatedTarget ?coop ; tt:evidence/oa:hasSource src:kapoor-2021 .
           ?ce owl:annotatedSource ?x ; owl:annotatedProperty rdfs:label ; owl:annotatedTarget ?name ;
              tt:evidence/oa:hasSource src:kapoor-2021 }""",
      ["science and technology parks", "Russia-China high-tech forum", "Russia-China Venture Fund",
       "Russia-China Innovation Dialogue", "Russia-China Joint Innovation Investment Fund",
       "academic exchanges"], id="L16-facilitating-initiatives"),
    Q("Which navigation systems did Russia and China agree to make interoperable?",
      """SELECT DISTINCT ?system WHERE {
           ?a a tt:Agreement ; tt:domain tech:satellite-navigation ; tt:concerns ?p .
           ?p a tt:SpaceSystem ; rdfs:label ?system }""",
      ["GLONASS", "BeiDou"], id="L17-navigation-systems"),
    Q("Where and when did Russia and China hold joint space technology exercises?",
      """SELECT DISTINCT ?place ?when WHERE {
           ?e a tt:Exercise ; tt:domain tech:space-technology ; tt:location ?l ; tt:dateOccurred ?when .
           ?l rdfs:label ?place }""",
      [("Liaoning Province", "2020-07")], id="L18-space-exercises"),
    Q("What did each peer review of the 2024 article recommend?",
      """SELECT DISTINCT ?review ?rec WHERE { ?review a tt:PeerReview ; tt:reviewOf src:lin-2024 ;
           tt:recommendation ?rec FILTER(?rec IN ("revision", "publication")) }""",
      [("src:lin-2024-review-1", "revision"), ("src:lin-2024-review-2", "publication")],
      id="L19-review-recommendations"),
    Q("What did the Ocean-2023 exercises focus on?",
      """SELECT DISTINCT ?focus WHERE { ?e a tt:Exercise ; rdfs:label "Ocean-2023"@en ; tt:domain ?d .
           ?d skos:prefLabel ?focus }""",
      ["maritime security"], id="L20-ocean-2023-focus"),
    Q("On what do the Russian and Chinese Academies of Sciences work together?",
      """SELECT DISTINCT ?area WHERE {
           ?c a tt:Cooperation ; tt:partner og:russian-academy-of-sciences , og:chinese-academy-of-sciences ;
              tt:domain ?d . ?d skos:prefLabel ?area }""",
      ["biotechnology", "neuroscience"], id="L21-academies"),
    Q("Who was arrested on charges of spying for China?",
      """SELECT DISTINCT ?who WHERE { ?a a tt:Arrest ; tt:target ?p ; tt:concerns st:china .
           ?p rdfs:label ?who }""",
      ["senior Russian Arctic researcher"], id="L22-arrest"),
    Q("Which companies does the 2026 paper name as leaders in AI based in the US?",
      """SELECT DISTINCT ?name WHERE { ?o a tt:Company ; tt:basedIn st:united-states ; rdfs:label ?name .
           ?c owl:annotatedSource ?o ; tt:evidence/oa:hasSource src:shakhanova-2026 }""",
      ["Anthropic", "Google", "OpenAI"], id="L23-us-ai-leaders"),
    # ------------------------------------------------------------------ joins
    Q("Which instruments does the 2024 article date to 2023?",
      """SELECT DISTINCT ?name WHERE {
           ?i a tt:Instrument ; ?p "2023"^^xsd:gYear ; rdfs:label ?name . ?p rdfs:subPropertyOf tt:date .
           ?c owl:annotatedSource ?i ; owl:annotatedProperty ?p ; owl:annotatedTarget "2023"^^xsd:gYear ;
              tt:evidence/oa:hasSource src:lin-2024 }""",
      ["Agreement on military-technical cooperation", "Defense Cooperation Plan",
       "Agreement on Joint Anti-terrorist cooperation",
       "Plan for the development of cooperation in the agricultural sector (2023-2026)",
       "Cybersecurity Cooperation Agreement", "Military-technical Cooperation Plan",
       "agreement on the creation of a joint investment fund"], id="J01-lin-instruments-2023"),
    Q("Which instruments does the 2024 article date to 2022, and is each signed, agreed, issued, "
      "passed or only developed then?",
      """SELECT DISTINCT ?name ?kind WHERE {
           ?i a tt:Instrument ; ?p "2022"^^xsd:gYear ; rdfs:label ?name . ?p rdfs:subPropertyOf tt:date .
           ?c owl:annotatedSource ?i ; owl:annotatedProperty ?p ; owl:annotatedTarget "2022"^^xsd:gYear ;
              tt:evidence/oa:hasSource src:lin-2024 .
           BIND(STRAFTER(STR(?p), "#") AS ?kind) }""",
      [("Energy Cooperation Agreement", "dateSigned"),
       ("Agreement on Cooperation in the Digital Economy", "dateSigned"),
       ("Agreement on cooperation in the field of scientific and technical innovations", "dateAgreed"),
       ("Action Plan for cooperation in the field of artificial intelligence", "dateAdopted"),
       ("agreements related to the joint fight against terrorism and extremism", "dateSigned"),
       ("Agreement on military-technical cooperation", "dateDrafted"),
       ("new requirements for companies operating in the field of high technology", "dateAdopted")],
      id="J02-lin-instruments-2022"),
    Q("Which dependencies of Russia on China come with a figure: value, qualifier, unit, period?",
      """SELECT DISTINCT ?value ?qualifier ?unit ?period WHERE {
           ?d a tt:Dependency ; tt:dependent st:russia ; tt:provider st:china ; tt:value ?value ;
              tt:unit ?unit .
           OPTIONAL { ?d tt:qualifier ?qualifier }
           OPTIONAL { ?d tt:period ?p FILTER(isLiteral(?p)) BIND(STR(?p) AS ?period) } }""",
      [(200000000, None, "unit:usd", "2021"), (500000000, "over", "unit:usd", "2022"),
       (90, "about", "unit:percent", "2023"), (80, "about", "unit:percent", None)],
      id="J03-dependencies-with-figures"),
    Q("Which joint statements provide for involving the CSTO's forces?",
      """SELECT DISTINCT ?date WHERE { ?js a tt:JointStatement ;
           tt:concerns og:collective-security-treaty-organization ; tt:dateAdopted ?date }""",
      ["2023-03-21", "2024-05-16"], id="J04-csto-joint-statements"),
    Q("In which fields is the 2018 space agreement (2024 article)?",
      """SELECT DISTINCT ?field WHERE { ?a a tt:Agreement ; tt:dateSigned "2018"^^xsd:gYear ;
           tt:domain ?d . ?d skos:prefLabel ?field . FILTER EXISTS { ?a tt:domain tech:space-technology } }""",
      ["space technology", "manned spaceflight", "deep space exploration"],
      id="J05-space-agreement-2018"),
    Q("Which instruments were made within the framework of the SCO (directly or at an SCO summit)?",
      """SELECT DISTINCT ?name WHERE {
           ?i a tt:Instrument ; rdfs:label ?name ;
              tt:framework/tt:framework* og:shanghai-cooperation-organization }""",
      ["Counter-Terrorism Strategy", "agreements related to the joint fight against terrorism and extremism"],
      id="J06-sco-framework-instruments"),
    Q("Which energy carriers does the 2022 Energy Cooperation Agreement cover?",
      """SELECT DISTINCT ?field WHERE { ?a rdfs:label "Energy Cooperation Agreement"@en ; tt:domain ?d .
           ?d skos:prefLabel ?field }""",
      ["natural gas", "oil", "electricity"], id="J07-energy-agreement"),
    Q("Which instruments concern the International Scientific Lunar Station, by whom and when?",
      """SELECT DISTINCT ?i ?party ?date WHERE {
           ?i a tt:Instrument ; tt:concerns init:international-scientific-lunar-station ; tt:party ?party ;
              ?p ?date . ?p rdfs:subPropertyOf tt:date }""",
      [("in:lunar-station-declaration-2019", "st:russia", "2019"),
       ("in:lunar-station-declaration-2019", "st:china", "2019"),
       ("in:international-scientific-lunar-station-agreement-2022", "og:russian-government", "2022-11-25"),
       ("in:international-scientific-lunar-station-agreement-2022", "og:chinese-government", "2022-11-25")],
      id="J08-lunar-station-instruments"),
    Q("Which joint statements of Russia and China concern AI?",
      """SELECT DISTINCT ?date WHERE { ?js a tt:JointStatement ; tt:domain tech:artificial-intelligence ;
           tt:dateAdopted ?date }""",
      ["2022-02-04", "2023-03-21", "2024-05-16", "2025-05-08"], id="J09-ai-joint-statements"),
    Q("Which instrument was made on the basis of the Treaty on Good Neighbourliness?",
      """SELECT DISTINCT ?name WHERE { ?i tt:basedOn ?t ; rdfs:label ?name .
           ?t skos:altLabel|rdfs:label "Treaty on Good Neighborliness, Friendship and Cooperation between Russia and China"@en }""",
      ["Agreement on military-technical cooperation"], id="J10-based-on-treaty"),
    Q("With which Russian operator has Huawei cooperated on 5G, per each document?",
      """SELECT DISTINCT ?partner ?doc WHERE {
           ?c a tt:Cooperation ; tt:partner og:huawei , ?p ; tt:domain tech:5g . ?p tt:basedIn st:russia ;
              rdfs:label ?partner .
           ?cl owl:annotatedSource ?c ; owl:annotatedProperty tt:partner ; owl:annotatedTarget ?p ;
               tt:evidence/oa:hasSource ?doc }""",
      [("MTS", "src:kapoor-2021"), ("MTS", "src:shakhanova-2026")], id="J11-huawei-russian-5g-partner"),
    Q("Which Russian and Chinese armed forces does the 2026 paper say will cooperate, and since "
      "when have the agreements on it been concluded?",
      """SELECT DISTINCT ?a ?b ?since WHERE {
           ?c a tt:Cooperation ; tt:partner ?a , ?b .
           ?agreements tt:concerns ?c ; tt:dateAdopted/tt:notEarlierThan ?since .
           ?a a tt:ArmedForces . ?b a tt:ArmedForces . FILTER(STR(?a) < STR(?b)) }""",
      [("og:peoples-liberation-army", "og:russian-armed-forces", "2022")],
      id="J12-armed-forces-cooperation"),
    Q("What did the Russia-China summit of 2019 decide?",
      """SELECT DISTINCT ?name ?start ?end WHERE { ?y tt:framework ?e ; rdfs:label ?name ;
           tt:startDate ?start ; tt:endDate ?end .
           ?e a tt:Summit ; tt:dateOccurred "2019"^^xsd:gYear ; tt:participant ps:vladimir-putin , ps:xi-jinping }""",
      [("Year of Scientific, Technical and Innovation Cooperation", "2020", "2021")],
      id="J13-summit-2019-year"),
    # ------------------------------------------------------------------ aggregates
    Q("How many joint statements of Russia and China are there per year, across the documents?",
      """SELECT ?year (COUNT(DISTINCT ?js) AS ?n) WHERE { ?js a tt:JointStatement ; tt:dateAdopted ?d .
           BIND(SUBSTR(STR(?d), 1, 4) AS ?year) } GROUP BY ?year""",
      [("2016", 1), ("2022", 1), ("2023", 1), ("2024", 1), ("2025", 1)],
      id="A01-joint-statements-per-year"),
    Q("How many agreements does the 2024 article date to each year (signed, agreed, adopted or "
      "developed)?",
      """SELECT ?year (COUNT(DISTINCT ?a) AS ?n) WHERE {
           ?a a tt:Agreement ; ?p ?d . VALUES ?p { tt:dateSigned tt:dateAgreed tt:dateAdopted tt:dateDrafted }
           ?c owl:annotatedSource ?a ; owl:annotatedProperty ?p ; owl:annotatedTarget ?d ;
              tt:evidence/oa:hasSource src:lin-2024 .
           BIND(SUBSTR(STR(?d), 1, 4) AS ?year) } GROUP BY ?year""",
      [("2018", 1), ("2021", 1), ("2022", 6), ("2023", 7)], id="A02-lin-agreements-per-year"),
    Q("Which companies does more than one document mention, and how many documents each?",
      """SELECT ?name (COUNT(DISTINCT ?doc) AS ?n) WHERE {
           ?o a tt:Company ; rdfs:label ?name . FILTER(LANG(?name) = "en")
           ?c owl:annotatedSource|owl:annotatedTarget ?o ; tt:evidence/oa:hasSource ?doc .
           ?doc a tt:SourceDocument }
         GROUP BY ?name HAVING (COUNT(DISTINCT ?doc) > 1)""",
      [("Huawei", 3), ("MTS", 2), ("Sberbank", 2), ("Yandex", 2)], id="A03-companies-in-several-documents"),
    Q("How many works does the 2024 article's reference list hold?",
      """SELECT (COUNT(DISTINCT ?w) AS ?n) WHERE { src:lin-2024 tt:cites ?w }""",
      [34], id="A04-lin-reference-count"),
    Q("How many peer reviews were published with the 2024 article?",
      """SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a tt:PeerReview ; tt:reviewOf src:lin-2024 }""",
      [2], id="A05-peer-review-count"),
    Q("How many notable AI models did the US, China and Europe produce together in 2024?",
      """SELECT (SUM(?v) AS ?total) WHERE { SELECT DISTINCT ?f ?v WHERE {
           ?f a tt:Figure ; tt:measure ?m ; tt:value ?v ; tt:period "2024"^^xsd:gYear .
           FILTER(CONTAINS(?m, "notable")) } }""",
      [58], id="A06-notable-ai-models-total"),
    Q("How many dependency statements with a figure does each document make?",
      """SELECT ?doc (COUNT(DISTINCT ?d) AS ?n) WHERE {
           ?d a tt:Dependency ; tt:value ?v .
           ?c owl:annotatedSource ?d ; owl:annotatedProperty tt:value ; tt:evidence/oa:hasSource ?doc }
         GROUP BY ?doc""",
      [("src:shakhanova-2026", 4)], id="A07-figured-dependencies-per-document"),
    Q("How many states does Kapoor list as having excluded Huawei from their 5G networks?",
      """SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?m a tt:Sanction ; tt:target og:huawei ;
           tt:domain tech:5g ; tt:imposedBy ?s . ?s a tt:State }""",
      [5], id="A08-huawei-excluders-count"),
    Q("By how much did Russia's semiconductor imports from China grow from 2021 to 2022 (at least)?",
      """SELECT (?b - ?a AS ?growth) WHERE {
           ?x a tt:Dependency ; tt:unit unit:usd ; tt:value ?a ; tt:period "2021"^^xsd:gYear .
           ?y a tt:Dependency ; tt:unit unit:usd ; tt:value ?b ; tt:period "2022"^^xsd:gYear ;
              tt:qualifier "over" }""",
      [300000000], id="A09-semiconductor-growth"),

    # ------------------------------------------------------------------ provenance
    Q("Which document says China provides about 80% of the dual-use parts Russia uses for "
      "military application, and does its quote say so?",
      """SELECT DISTINCT ?doc ?inQuote WHERE {
           ?d a tt:Dependency ; tt:value ?v . FILTER(?v = 80)
           ?c owl:annotatedSource ?d ; owl:annotatedProperty tt:value ; owl:annotatedTarget ?v ;
              tt:evidence ?ev . ?ev oa:hasSource ?doc ; tt:quote ?q .
           BIND(CONTAINS(?q, "about 80% of dual-use parts") AS ?inQuote) }""",
      [("src:shakhanova-2026", "true")], id="P01-dual-use-80-percent"),
    Q("Which document dates Russia's agreement to sell the S-400 to 2015, and which date is it?",
      """SELECT DISTINCT ?doc ?kind WHERE {
           ?deal tt:product pr:s-400 ; ?p "2015"^^xsd:gYear . ?p rdfs:subPropertyOf tt:date .
           ?c owl:annotatedSource ?deal ; owl:annotatedProperty ?p ; owl:annotatedTarget "2015"^^xsd:gYear ;
              tt:evidence/oa:hasSource ?doc . BIND(STRAFTER(STR(?p), "#") AS ?kind) }""",
      [("src:shakhanova-2026", "dateAgreed")], id="P02-s-400-2015"),
    Q("Which document says the Belt and Road Initiative was launched in 2018, citing what?",
      """SELECT DISTINCT ?doc ?ref ?page WHERE {
           ?c owl:annotatedSource init:belt-and-road-initiative ; owl:annotatedProperty tt:startDate ;
              owl:annotatedTarget "2018"^^xsd:gYear ; tt:evidence ?ev .
           ?ev oa:hasSource ?doc ; tt:citation [ tt:referenceNumber ?ref ; tt:page ?page ] }""",
      [("src:lin-2024", "11", "204")], id="P03-belt-and-road-2018"),
    Q("Which document counts more than 50 joint AI projects, citing which reference and page?",
      """SELECT DISTINCT ?doc ?qualifier ?ref ?page WHERE {
           ?f tt:value ?v ; tt:qualifier ?qualifier . FILTER(?v = 50)
           ?c owl:annotatedSource ?f ; owl:annotatedProperty tt:value ; tt:evidence ?ev .
           ?ev oa:hasSource ?doc ; tt:citation [ tt:referenceNumber ?ref ; tt:page ?page ] }""",
      [("src:lin-2024", "more than", "10", "45")], id="P04-fifty-ai-projects"),
    Q("Which document dates Huawei's 5G testing with MTS in Moscow, and to which year?",
      """SELECT DISTINCT ?doc ?year WHERE {
           ?e tt:participant og:huawei , og:mts ; tt:location pl:moscow ; tt:dateOccurred ?year .
           ?c owl:annotatedSource ?e ; owl:annotatedProperty tt:dateOccurred ; owl:annotatedTarget ?year ;
              tt:evidence/oa:hasSource ?doc }""",
      [("src:kapoor-2021", "2019")], id="P05-huawei-mts-2019"),
    Q("Which document values the Sila Sibiri / Power of Siberia deal at $400 billion?",
      """SELECT DISTINCT ?doc WHERE {
           ?f tt:value ?v ; tt:unit unit:usd . FILTER(?v = 400000000000)
           ?c owl:annotatedSource ?f ; owl:annotatedProperty tt:value ; tt:evidence/oa:hasSource ?doc }""",
      ["src:shakhanova-2026"], id="P06-sila-sibiri-400-billion"),
    Q("Which documents name the Treaty on Good Neighbourliness, and which of them dates it to 2001?",
      """SELECT DISTINCT ?doc ?dated WHERE {
           ?c owl:annotatedSource in:treaty-of-good-neighbourliness-2001 ; tt:evidence/oa:hasSource ?doc .
           ?doc a tt:SourceDocument .
           BIND(EXISTS { ?d owl:annotatedSource in:treaty-of-good-neighbourliness-2001 ;
                            owl:annotatedTarget "2001"^^xsd:gYear ; tt:evidence/oa:hasSource ?doc } AS ?dated) }""",
      [("src:lin-2024", "false"), ("src:shakhanova-2026", "true")], id="P07-treaty-2001"),
    Q("Which document dates what about the lunar station, and from which part of the document?",
      """SELECT DISTINCT ?doc ?date ?part WHERE {
           ?i a tt:Instrument ; tt:concerns init:international-scientific-lunar-station ; ?p ?date .
           ?p rdfs:subPropertyOf tt:date .
           ?c owl:annotatedSource ?i ; owl:annotatedProperty ?p ; owl:annotatedTarget ?date ;
              tt:evidence ?ev . ?ev oa:hasSource ?doc ; tt:part ?part }""",
      [("src:kapoor-2021", "2019", "tt:Body"), ("src:shakhanova-2026", "2022-11-25", "tt:Footnote")],
      id="P08-lunar-station-dates"),
    Q("How many documents back the S-400 deal, and which?",
      """SELECT DISTINCT ?doc WHERE { ?deal tt:product pr:s-400 .
           ?c owl:annotatedSource ?deal ; tt:evidence/oa:hasSource ?doc }""",
      ["src:kapoor-2021", "src:shakhanova-2026"], id="P09-s-400-documents"),
    Q("Which document states the $25 billion loan, and for which contract?",
      """SELECT DISTINCT ?doc ?contract WHERE {
           ?f tt:value ?v ; tt:unit unit:usd ; tt:subject ?k . FILTER(?v = 25000000000)
           ?k rdfs:label ?contract .
           ?c owl:annotatedSource ?f ; owl:annotatedProperty tt:value ; tt:evidence/oa:hasSource ?doc }""",
      [("src:shakhanova-2026", "20 years contract with the Chinese CNPC on oil supplies")],
      id="P10-25-billion-loan"),
    Q("Which document says the Wenzhuan Nuclear Power Plant project was launched in 2018, and to "
      "whom does it attribute the plant's results?",
      """SELECT DISTINCT ?doc ?year ?attributed WHERE {
           ?p rdfs:label "Wenzhuan Nuclear Power Plant project"@en ; tt:startDate ?year .
           ?c owl:annotatedSource ?p ; owl:annotatedProperty tt:startDate ; tt:evidence/oa:hasSource ?doc .
           ?ev oa:hasSource ?doc ; tt:attributedTo ?attributed ; tt:quote ?q .
           FILTER(CONTAINS(?q, "Wenzhuan")) }""",
      [("src:lin-2024", "2018", "og:iaea")], id="P11-wenzhuan"),
    Q("Which part of which document credits the theory to \"J. Hiring\", and whose words are they?",
      """SELECT DISTINCT ?doc ?part ?who WHERE {
           ?ev tt:quote ?q ; oa:hasSource ?doc ; tt:part ?part ; tt:attributedTo ?who .
           FILTER(CONTAINS(?q, "J. Hiring")) }""",
      [("src:lin-2024", "tt:PeerReviewPart", "src:lin-2024-review-1")], id="P12-j-hiring"),
    Q("Which document gives 90% for Russia's microelectronics from China, from whom, citing which "
      "footnote?",
      """SELECT DISTINCT ?doc ?who ?ref WHERE {
           ?d a tt:Dependency ; tt:value ?v . FILTER(?v = 90)
           ?c owl:annotatedSource ?d ; owl:annotatedProperty tt:value ; tt:evidence ?ev .
           ?ev oa:hasSource ?doc ; tt:attributedTo ?who ; tt:citation/tt:referenceNumber ?ref }""",
      [("src:shakhanova-2026", "og:associated-press", "28")], id="P13-microelectronics-90"),
    Q("Which document states the 2016 joint statement on cooperation in information space "
      "development?",
      """SELECT DISTINCT ?doc WHERE { ?js a tt:JointStatement ; tt:dateAdopted "2016"^^xsd:gYear .
           ?c owl:annotatedSource ?js ; owl:annotatedProperty tt:dateAdopted ; tt:evidence/oa:hasSource ?doc }""",
      ["src:kapoor-2021"], id="P14-joint-statement-2016"),
    Q("Which document gives Russia's 2021 semiconductor imports from China as $200 million?",
      """SELECT DISTINCT ?doc ?who WHERE {
           ?d a tt:Dependency ; tt:value ?v ; tt:period "2021"^^xsd:gYear . FILTER(?v = 200000000)
           ?c owl:annotatedSource ?d ; owl:annotatedProperty tt:value ; tt:evidence ?ev .
           ?ev oa:hasSource ?doc ; tt:attributedTo ?who }""",
      [("src:shakhanova-2026", "og:associated-press")], id="P15-semiconductors-200-million"),
    Q("To whom does the 2024 article credit the figure of more than 50 joint AI projects?",
      """SELECT DISTINCT ?who WHERE { ?f tt:value ?v ; tt:qualifier "more than" . FILTER(?v = 50)
           ?c owl:annotatedSource ?f ; owl:annotatedProperty tt:value ; tt:evidence/tt:attributedTo ?o .
           ?o rdfs:label ?who }""",
      ["Russian Ministry of Science and Technology"], id="P16-fifty-projects-attribution"),
    Q("Which document spells the fighter \"SU-35\", and which \"Su-35\"?",
      """SELECT DISTINCT ?label ?doc WHERE { pr:su-35 rdfs:label|skos:altLabel ?label .
           ?c owl:annotatedSource pr:su-35 ; owl:annotatedTarget ?label ; tt:evidence/oa:hasSource ?doc }""",
      [("Su-35", "src:kapoor-2021"), ("SU-35", "src:shakhanova-2026")], id="P17-su-35-spellings"),
    Q("Which document calls the pipeline \"Sila Sibiri\", and which \"Power of Siberia\"?",
      """SELECT DISTINCT ?label ?doc WHERE { pr:power-of-siberia rdfs:label|skos:altLabel ?label .
           ?c owl:annotatedSource pr:power-of-siberia ; owl:annotatedTarget ?label ;
              tt:evidence/oa:hasSource ?doc }""",
      [("Power of Siberia", "src:lin-2024"), ("Sila Sibiri", "src:shakhanova-2026")],
      id="P18-pipeline-spellings"),
    Q("Which document says Russia agreed to help China develop its ballistic missile early-warning "
      "system, and how does it say that development has been read?",
      """SELECT DISTINCT ?doc ?hedge WHERE {
           ?a tt:concerns ?dev . ?dev tt:product pr:chinese-ballistic-missile-early-warning-system .
           ?c owl:annotatedSource ?a ; tt:evidence/oa:hasSource ?doc .
           OPTIONAL { ?ci owl:annotatedSource ?reading ; owl:annotatedProperty tt:concerns ;
                          owl:annotatedTarget ?a ; tt:evidence ?ev .
                      ?reading a tt:Idea . ?ev oa:hasSource ?doc ; tt:hedge ?hedge } }""",
      [("src:kapoor-2021", "has been interpreted as")], id="P19-early-warning"),
    # ------------------------------------------------------------------ disagreements
    Q("Do the documents disagree on whether Russia and China are allies? Of which kind, and "
      "which documents take which side?",
      """SELECT DISTINCT ?kind ?doc WHERE {
           ?d a tt:Disagreement ; tt:disagreementKind ?kind ; tt:side ?a , ?b .
           ?a tt:evidence/tt:quote ?qa . ?b tt:evidence/tt:quote ?qb .
           FILTER(CONTAINS(?qa, "not an alliance") && CONTAINS(?qb, "de-facto allies"))
           ?d tt:side/tt:evidence/oa:hasSource ?doc }""",
      [("tt:InterpretationDisagreement", "src:kapoor-2021"),
       ("tt:InterpretationDisagreement", "src:shakhanova-2026")], id="D01-alliance"),
    Q("Do the documents disagree on Russia-China military cooperation between 2010 and 2015 "
      "(on the upswing since 2010, or held back until 2015)?",
      """SELECT DISTINCT ?kind ?doc WHERE {
           ?d a tt:Disagreement ; tt:disagreementKind ?kind ; tt:side ?a , ?b .
           ?a tt:evidence/tt:quote ?qa . ?b tt:evidence/tt:quote ?qb .
           FILTER(CONTAINS(?qa, "since 2010") && CONTAINS(?qb, "had been cautious"))
           ?d tt:side/tt:evidence/oa:hasSource ?doc }""",
      [("tt:InterpretationDisagreement", "src:kapoor-2021"),
       ("tt:InterpretationDisagreement", "src:shakhanova-2026")], id="D02-military-since-2010"),
    Q("What do the documents call the lunar station, where they disagree on its name?",
      """SELECT DISTINCT ?name ?doc WHERE {
           ?d a tt:Disagreement ; tt:disagreementKind tt:ValueDisagreement ;
              tt:about init:international-scientific-lunar-station ; tt:side ?s .
           ?s owl:annotatedTarget ?name ; tt:evidence/oa:hasSource ?doc .
           FILTER EXISTS { ?d tt:side/tt:evidence/oa:hasSource ?other FILTER(?other != ?doc) } }""",
      [("International Scientific Lunar Station", "src:kapoor-2021"),
       ("International Lunar Research Station", "src:shakhanova-2026")], id="D03-lunar-station-name"),
    Q("What did the US measures against Huawei do to its cooperation with Russia, per each "
      "document that disagrees?",
      """SELECT DISTINCT ?doc ?effect WHERE {
           ?d a tt:Disagreement ; tt:disagreementKind tt:InterpretationDisagreement ; tt:about og:huawei ;
              tt:side ?s . ?s owl:annotatedProperty ?p ; tt:evidence/oa:hasSource ?doc .
           BIND(STRAFTER(STR(?p), "#") AS ?effect) }""",
      [("src:kapoor-2021", "resultedIn"), ("src:lin-2024", "hindered")], id="D04-huawei-measures-effect"),
    Q("Do the documents disagree on what Western sanctions did to Russia's technological "
      "cooperation (limited it, or intensified it with China)?",
      """SELECT DISTINCT ?kind ?doc WHERE {
           ?d a tt:Disagreement ; tt:disagreementKind ?kind ; tt:side ?a , ?b .
           ?a tt:evidence ?ea . ?ea oa:hasSource src:lin-2024 ; tt:quote ?qa .
           ?b tt:evidence ?eb . ?eb oa:hasSource src:shakhanova-2026 ; tt:quote ?qb .
           FILTER(CONTAINS(?qa, "sanctions") && CONTAINS(?qb, "Western sanctions"))
           ?d tt:side/tt:evidence/oa:hasSource ?doc }""",
      [("tt:InterpretationDisagreement", "src:lin-2024"),
       ("tt:InterpretationDisagreement", "src:shakhanova-2026")], id="D05-western-sanctions-effect"),
    Q("Do the documents disagree on Central Asia (competition between Russia and China, or "
      "co-management of its security)?",
      """SELECT DISTINCT ?kind ?doc WHERE {
           ?d a tt:Disagreement ; tt:disagreementKind ?kind ; tt:about ?x ; tt:side/tt:evidence/oa:hasSource ?doc .
           FILTER(?x IN (pl:central-asia, grp:countries-of-central-asia))
           FILTER EXISTS { ?d tt:side/tt:evidence/oa:hasSource src:lin-2024 }
           FILTER EXISTS { ?d tt:side/tt:evidence/oa:hasSource src:shakhanova-2026 } }""",
      [("tt:InterpretationDisagreement", "src:lin-2024"),
       ("tt:InterpretationDisagreement", "src:shakhanova-2026")], id="D06-central-asia"),
    Q("Do the documents disagree on Russian specialists (a strength of the partnership, or a "
      "reason Russia lags in AI)?",
      """SELECT DISTINCT ?kind ?doc WHERE {
           ?d a tt:Disagreement ; tt:disagreementKind ?kind ; tt:side ?a , ?b .
           ?a tt:evidence/tt:quote ?qa . ?b tt:evidence/tt:quote ?qb .
           FILTER(CONTAINS(?qa, "Russian basic research and talent") && CONTAINS(?qb, "lack of specialists"))
           ?d tt:side/tt:evidence/oa:hasSource ?doc }""",
      [("tt:InterpretationDisagreement", "src:kapoor-2021"),
       ("tt:InterpretationDisagreement", "src:shakhanova-2026")], id="D07-russian-specialists"),
    Q("Do the documents disagree on Russia-China cybersecurity (a success of their cooperation, "
      "or a vulnerability of Russia towards China)?",
      """SELECT DISTINCT ?kind ?doc WHERE {
           ?d a tt:Disagreement ; tt:disagreementKind ?kind ; tt:side ?a , ?b .
           ?a tt:evidence/tt:quote ?qa . ?b tt:evidence/tt:quote ?qb .
           FILTER(CONTAINS(?qa, "significant success") && CONTAINS(?qb, "vulnerabilities towards China"))
           ?d tt:side/tt:evidence/oa:hasSource ?doc }""",
      [("tt:InterpretationDisagreement", "src:lin-2024"),
       ("tt:InterpretationDisagreement", "src:shakhanova-2026")], id="D08-cybersecurity"),
    Q("When was the Agreement on military-technical cooperation made, by the 2024 article's two "
      "statements of it?",
      """SELECT DISTINCT ?kind ?date WHERE {
           ?d a tt:Disagreement ; tt:disagreementKind tt:ValueDisagreement ;
              tt:about ?a ; tt:side ?s . ?a rdfs:label "Agreement on military-technical cooperation"@en .
           ?s owl:annotatedSource ?a ; owl:annotatedProperty ?p ; owl:annotatedTarget ?date .
           BIND(STRAFTER(STR(?p), "#") AS ?kind) }""",
      [("dateDrafted", "2022"), ("dateSigned", "2023")], id="D09-mtc-agreement-date"),
    Q("Which peer review says the article makes no mention of military cooperation, against which "
      "part of the article?",
      """SELECT DISTINCT ?kind ?part ?who WHERE {
           ?d a tt:Disagreement ; tt:disagreementKind ?kind ; tt:side ?r , ?s .
           ?r tt:evidence ?er . ?er tt:quote ?q . FILTER(CONTAINS(?q, "absolutely no mention of military cooperation"))
           ?d tt:side/tt:evidence ?e . ?e tt:part ?part . OPTIONAL { ?e tt:attributedTo ?who } }""",
      [("tt:ReviewDisagreement", "tt:PeerReviewPart", "src:lin-2024-review-1"),
       ("tt:ReviewDisagreement", "tt:Body", None)], id="D10-review-no-military"),
    Q("Who developed the theory of competition and cooperation, according to the text and each "
      "peer review?",
      """SELECT DISTINCT ?who ?part ?reviewer WHERE {
           idea:competition-and-cooperation tt:proponent ?p . ?p rdfs:label ?who .
           ?c owl:annotatedSource idea:competition-and-cooperation ; owl:annotatedProperty tt:proponent ;
              owl:annotatedTarget ?p ; tt:evidence ?ev . ?ev tt:part ?part .
           OPTIONAL { ?ev tt:attributedTo ?reviewer FILTER(?reviewer != ?p) } }""",
      [("Joseph Nye", "tt:Body", None), ("J. Hiring", "tt:PeerReviewPart", "src:lin-2024-review-1"),
       ("Joseph Nye", "tt:PeerReviewPart", "src:lin-2024-review-2")], id="D11-nye-or-hiring"),
    Q("In the 2024 article's names-against-authors disagreements, which names does the text give, "
      "and which authors does the cited reference entry list?",
      """SELECT DISTINCT ?name ?authors WHERE {
           ?d a tt:Disagreement ; tt:disagreementKind tt:AuthorshipDisagreement ; tt:side ?a , ?b .
           ?a owl:annotatedTarget ?p ; tt:evidence/oa:hasSource src:lin-2024 . ?p a foaf:Person ; rdfs:label ?name .
           ?b owl:annotatedProperty tt:authorName ; owl:annotatedSource ?w .
           { SELECT ?w (GROUP_CONCAT(?n; separator=" / ") AS ?authors) WHERE {
               SELECT DISTINCT ?w ?n WHERE { ?w tt:authorName ?n } ORDER BY ?n } GROUP BY ?w } }""",
      [("Joseph Nye", "Waltz, K."),
       ("Martin Emmers", "Crabtree, J. / Jie, Y. / Schneider-Petsinger, M. / Wang, J."),
       ("Julia Ganus", "Jüris, F."), ("John Mearsheimer", "Danilin, I. V."),
       ("Robert Keohane", "Danilin, I. V."), ("Michael Doyle", "Mityurëva, D. S."),
       ("Mityurev", "Makarov, I. A."),
       ("Stanislav Tarasov", "Kumanovskaya, E. V. / Strelnikova, A. A. / Tarasov, A. N."),
       ("Daniel Golden", "Golden, D."), ("Andrey Bykov", "Golden, D."),
       ("Li Xin", "Wang, Z. / Xing, L.")], id="D12-names-against-authors"),
    Q("Which bodies does the 2024 article credit for a figure or finding while citing a work by "
      "other authors for it?",
      """SELECT DISTINCT ?credited ?citedAuthor WHERE {
           ?d a tt:Disagreement ; tt:disagreementKind tt:AttributionDisagreement ; tt:side ?a , ?b .
           ?a tt:evidence/tt:attributedTo ?o . ?o rdfs:label ?credited . FILTER NOT EXISTS { ?o a foaf:Person }
           ?b owl:annotatedProperty tt:authorName ; owl:annotatedTarget ?citedAuthor }""",
      [("Russian Ministry of Science and Technology", "Danilin, I. V."), ("IAEA", "Ustinov, Yu.")],
      id="D13-credited-or-cited"),
    Q("Who reported the 80% dual-use figure: the body the text names, or the footnote's source?",
      """SELECT DISTINCT ?kind ?named ?footnote WHERE {
           ?d a tt:Disagreement ; tt:disagreementKind ?kind ; tt:side ?a .
           ?a owl:annotatedSource ?dep ; tt:evidence ?ev . ?dep tt:value ?v . FILTER(?v = 80)
           ?ev tt:attributedTo ?named ; tt:citation/tt:citedWork ?w . ?w dcterms:publisher ?footnote }""",
      [("tt:AttributionDisagreement", "og:us-department-of-state", "og:bloomberg")],
      id="D14-dual-use-origin"),
    Q("Which citations of the 2024 article give a page outside the pages of the cited reference?",
      """SELECT DISTINCT ?ref ?page WHERE { ?ev oa:hasSource src:lin-2024 ;
           tt:citation [ tt:referenceNumber ?ref ; tt:page ?page ; tt:citationIssue tt:PageOutsideWork ] }""",
      [("8", "34"), ("9", "392"), ("10", "45"), ("11", "204"), ("12", "126"), ("13", "151"),
       ("16", "77"), ("18", "9"), ("33", "95")], id="D15-pages-outside-references"),
    Q("For which dated events does the 2024 article cite a reference published before the event?",
      """SELECT DISTINCT ?ref WHERE {
           ?ev oa:hasSource src:lin-2024 ; tt:citation ?cit . ?cit tt:referenceNumber ?ref ; tt:citedWork ?w .
           ?w dcterms:issued ?issued .
           ?c tt:evidence ?ev ; owl:annotatedSource ?s ; owl:annotatedProperty ?p ; owl:annotatedTarget ?d .
           ?p rdfs:subPropertyOf tt:date .
           OPTIONAL { ?d tt:notEarlierThan|tt:laterThan ?lower }
           BIND(IF(isLiteral(?d), ?d, ?lower) AS ?when)
           FILTER(xsd:integer(SUBSTR(STR(?when), 1, 4)) > xsd:integer(SUBSTR(STR(?issued), 1, 4))) }""",
      ["3", "5", "7", "8", "9", "10", "16", "18", "33"], id="D16-references-predating-events"),
    Q("Which book title does the text give for Bobo Lo, against its reference entry?",
      """SELECT DISTINCT ?kind ?title WHERE {
           ?d a tt:Disagreement ; tt:disagreementKind ?kind ; tt:side ?s . ?s owl:annotatedTarget ?title .
           FILTER(isLiteral(?title) && CONTAINS(STR(?title), "New World")) }""",
      [("tt:CitationDisagreement", "Russia and the New World Order"),
       ("tt:CitationDisagreement", "Russia and the New World Disorder")], id="D17-bobo-lo-title"),
    Q("What did the two peer reviews recommend, where they disagree?",
      """SELECT DISTINCT ?review ?rec WHERE {
           ?d a tt:Disagreement ; tt:disagreementKind tt:ReviewDisagreement ; tt:side ?s .
           ?s owl:annotatedSource ?review ; owl:annotatedProperty tt:recommendation ; owl:annotatedTarget ?rec .
           FILTER(?rec IN ("revision", "publication")) }""",
      [("src:lin-2024-review-1", "revision"), ("src:lin-2024-review-2", "publication")],
      id="D18-reviewers-recommendations"),
    Q("What does the 2026 paper call Russia's 2019 AI instrument, where its names disagree?",
      """SELECT DISTINCT ?what WHERE {
           ?d a tt:Disagreement ; tt:about in:russia-national-strategy-for-the-development-of-ai ;
              tt:disagreementKind tt:ValueDisagreement ; tt:side ?s .
           ?s owl:annotatedTarget ?what . FILTER(isLiteral(?what) && CONTAINS(LCASE(STR(?what)), "law")) }""",
      ["first law on AI"], id="D19-ai-instrument-law"),
    Q("Which disagreements span two documents, and of which kinds?",
      """SELECT ?kind (COUNT(DISTINCT ?d) AS ?n) WHERE {
           ?d a tt:Disagreement ; tt:disagreementKind ?kind ; tt:side/tt:evidence/oa:hasSource ?a , ?b .
           ?a a tt:SourceDocument . ?b a tt:SourceDocument . FILTER(STR(?a) < STR(?b)) } GROUP BY ?kind""",
      [("tt:InterpretationDisagreement", 7), ("tt:ValueDisagreement", 1)], id="D20-cross-document-kinds"),
    # ------------------------------------------------------------------ hedged and implied
    Q("Who does Kapoor say helped develop Huawei's operating system, and how does she hedge it?",
      """SELECT DISTINCT ?who ?hedge WHERE {
           ?d a tt:Development ; tt:product pr:huawei-operating-system ; tt:developer ?x .
           ?x tt:basedIn st:russia ; rdfs:label ?who .
           ?c owl:annotatedSource ?d ; owl:annotatedProperty tt:developer ; owl:annotatedTarget ?x ;
              tt:evidence/tt:hedge ?hedge }""",
      [("Russian engineers", "It has been reported that")], id="H01-huawei-os-reported"),
    Q("Of what has the US accused Russia, as Kapoor reports it?",
      """SELECT DISTINCT ?what ?hedge ?by WHERE {
           ?e tt:perpetrator st:russia ; rdfs:label ?what .
           ?c owl:annotatedSource ?e ; owl:annotatedProperty tt:perpetrator ; owl:annotatedTarget st:russia ;
              tt:evidence ?ev . ?ev oa:hasSource src:kapoor-2021 ; tt:hedge ?hedge ; tt:attributedTo ?by }""",
      [("interference in the 2016 presidential elections", "has accused", "st:united-states"),
       ("other cyberattacks", "has accused", "st:united-states")], id="H02-us-accusations"),
    Q("Which 2019 event does Kapoor give only as suspected?",
      """SELECT DISTINCT ?what ?hedge WHERE {
           ?e tt:dateOccurred "2019"^^xsd:gYear ; rdfs:label ?what .
           ?c owl:annotatedSource ?e ; owl:annotatedProperty tt:dateOccurred ; tt:evidence/tt:hedge ?hedge }""",
      [("disruption of mobile services", "suspected")], id="H03-suspected-disruption"),
    Q("What does the Kremlin claim is the focus of blocking and slowing websites, and who says so?",
      """SELECT DISTINCT ?hedge ?who WHERE {
           ?e tt:purpose ?purpose . FILTER(CONTAINS(?purpose, "harmful content"))
           ?c owl:annotatedSource ?e ; owl:annotatedProperty tt:purpose ; owl:annotatedTarget ?purpose ;
              tt:evidence ?ev . ?ev tt:hedge ?hedge ; tt:attributedTo ?who }""",
      [("claims", "og:kremlin")], id="H04-kremlin-claims"),
    Q("By when might Russia and China build a lunar nuclear power plant, and how sure is the paper?",
      """SELECT DISTINCT ?target ?hedge WHERE {
           ?p rdfs:label "lunar nuclear power plant"@en ; tt:targetDate ?target .
           ?c owl:annotatedSource ?p ; owl:annotatedProperty tt:targetDate ; tt:evidence/tt:hedge ?hedge }""",
      [("2035", "perhaps even")], id="H05-lunar-nuclear-plant"),
    Q("What do some pundits believe Putin will focus on during his planned visit to China?",
      """SELECT DISTINCT ?topic WHERE {
           ?v rdfs:label "Putin plans to visit China"@en ; tt:concerns ?t . ?t rdfs:label ?topic .
           ?c owl:annotatedSource ?v ; owl:annotatedProperty tt:concerns ; owl:annotatedTarget ?t ;
              tt:evidence/tt:hedge "Some pundits believe" }""",
      ["Power of Siberia-2", "Sino-Russian collaboration in AI"], id="H06-pundits-putin-visit"),
    Q("When would Russia's draft law on AI models take effect, and on what condition?",
      """SELECT DISTINCT ?year ?hedge WHERE {
           ?law a tt:Law ; tt:status "draft" ; tt:dateEnteredIntoForce ?year .
           ?c owl:annotatedSource ?law ; owl:annotatedProperty tt:dateEnteredIntoForce ;
              tt:evidence/tt:hedge ?hedge }""",
      [("2027", "If passed")], id="H07-draft-law-2027"),
    Q("What does the 2026 paper expect of Russia's dependence on China, and how sure is it?",
      """SELECT DISTINCT ?status ?hedge WHERE {
           ?d a tt:Dependency ; tt:dependent st:russia ; tt:provider st:china ; tt:status ?status .
           ?c owl:annotatedSource ?d ; owl:annotatedProperty tt:status ; owl:annotatedTarget ?status ;
              tt:evidence ?ev . ?ev oa:hasSource src:shakhanova-2026 ; tt:hedge ?hedge .
           FILTER(CONTAINS(?status, "increase")) }""",
      [("likely to increase even further", "likely")], id="H08-dependence-likely"),
    Q("Which of the 2024 article's agreements have parties it only implies ('the parties')?",
      """SELECT DISTINCT ?name WHERE {
           ?a a tt:Agreement ; tt:party ?p ; rdfs:label ?name .
           ?c owl:annotatedSource ?a ; owl:annotatedProperty tt:party ; owl:annotatedTarget ?p ;
              tt:evidence ?ev . ?ev oa:hasSource src:lin-2024 ; tt:impliedBy ?words .
           FILTER(STRSTARTS(?words, "the parties")) }""",
      ["Agreement on cooperation in the field of scientific and technical innovations",
       "agreements on cooperation in the field of 5G, cloud computing and artificial intelligence",
       "Military-technical Cooperation Plan",
       "Plan for the development of cooperation in the agricultural sector (2023-2026)",
       "Counter-Terrorism Strategy"], id="H09-implied-parties"),
    Q("Who perpetrated the August 2024 cyberattack on Russia's state networks, stated or implied?",
      """SELECT DISTINCT ?who ?implied WHERE {
           ?e a tt:Cyberattack ; tt:dateOccurred "2024-08"^^xsd:gYearMonth ; tt:perpetrator ?who .
           ?c owl:annotatedSource ?e ; owl:annotatedProperty tt:perpetrator ; owl:annotatedTarget ?who ;
              tt:evidence ?ev . OPTIONAL { ?ev tt:impliedBy ?implied } }""",
      [("st:china", "China-originated")], id="H10-cyberattack-perpetrator"),
    Q("Who imposed the sanctions the 2026 paper says intensified Russia's collaboration with China?",
      """SELECT DISTINCT ?who ?implied WHERE {
           ?s a tt:Sanction ; tt:imposedBy ?who ; tt:target st:russia .
           ?c owl:annotatedSource ?s ; owl:annotatedProperty tt:imposedBy ; owl:annotatedTarget ?who ;
              tt:evidence ?ev . ?ev oa:hasSource src:shakhanova-2026 ; tt:impliedBy ?implied }""",
      [("grp:the-west", "Western sanctions")], id="H11-western-sanctions-implied"),
    Q("What does Beijing officially deny, as the 2026 paper reports?",
      """SELECT DISTINCT ?what ?who WHERE { ?e rdfs:label ?what ; tt:participant ?p .
           FILTER(CONTAINS(?what, "denies"))
           ?c owl:annotatedSource ?e ; owl:annotatedProperty tt:participant ; tt:evidence/tt:attributedTo ?who }""",
      [("Beijing denies that it has been providing military aid to Russia", "st:china")],
      id="H12-beijing-denies"),

    # ------------------------------------------------------------------ time
    Q("When does Kapoor say the S-400 and Su-35 deals were signed?",
      """SELECT DISTINCT ?product ?wording ?after WHERE {
           ?deal tt:product ?pr ; tt:dateSigned ?span . ?pr rdfs:label ?product .
           ?span a tt:TimeSpan ; tt:wording ?wording ; time:after ?e . ?e tt:dateOccurred ?after .
           ?c owl:annotatedSource ?deal ; owl:annotatedProperty tt:dateSigned ; owl:annotatedTarget ?span ;
              tt:evidence/oa:hasSource src:kapoor-2021 }""",
      [("S-400", "in the aftermath of the 2014 Ukrainian crisis", "2014"),
       ("Su-35", "in the aftermath of the 2014 Ukrainian crisis", "2014")], id="T01-deals-after-2014"),
    Q("Which deals were signed after 2014, by the bounds the documents give?",
      """SELECT DISTINCT ?deal WHERE {
           ?deal a tt:Instrument ; tt:dateSigned ?d . FILTER(CONTAINS(LCASE(STR(?deal)), "deal"))
           OPTIONAL { ?d tt:laterThan|tt:notEarlierThan ?lower }
           BIND(IF(isLiteral(?d), ?d, ?lower) AS ?from)
           FILTER(xsd:integer(SUBSTR(STR(?from), 1, 4)) >= 2014) }""",
      ["in:s-400-supply-deal", "in:su-35-supply-deal", "in:power-of-siberia-deal"],
      id="T02-deals-signed-after-2014"),
    Q("Which goals does Russia set itself for 2030, and by which instrument?",
      """SELECT DISTINCT ?goal ?instrument WHERE {
           ?i tt:targetDate "2030"^^xsd:gYear ; tt:concerns ?g ; rdfs:label ?instrument .
           ?g a tt:Idea ; rdfs:label ?goal .
           FILTER(CONTAINS(?goal, "enter the list") || CONTAINS(?goal, "microchips")) }""",
      [("enter the list of world leading countries in AI development", "National Strategy for the Development of AI"),
       ("produce its own microchips and competitive AI software", "National Strategy for the Development of AI")],
      id="T03-goals-by-2030"),
    Q("Which came first in Moscow's 5G race: Ericsson's pilot zone or Huawei's testing with MTS?",
      """SELECT DISTINCT ?first ?then WHERE { ?b time:after ?a . ?a tt:location pl:moscow ; rdfs:label ?first .
           ?b tt:location pl:moscow ; rdfs:label ?then }""",
      [("Ericsson established a pilot zone in central Moscow", "launching its testing in Moscow")],
      id="T04-ericsson-before-huawei"),
    Q("What does the 2026 paper say of the invasion's date, relative to the joint statement?",
      """SELECT DISTINCT ?wording ?after WHERE {
           ?war tt:startDate ?span . ?span tt:wording ?wording ; tt:laterThan ?after ;
              time:after in:joint-statement-2022-02-04 }""",
      [("twenty days before the invasion", "2022-02-04")], id="T05-invasion-after-statement"),
    Q("When did Russia start discussing the draft law on AI models, and when would it take effect?",
      """SELECT DISTINCT ?discussed ?effect WHERE {
           ?e tt:concerns ?law ; tt:startDate ?discussed . ?law a tt:Law ; tt:dateEnteredIntoForce ?effect }""",
      [("2026-03", "2027")], id="T06-draft-law-timeline"),
    Q("Over what time were the more than 50 joint AI projects initiated?",
      """SELECT DISTINCT ?wording ?lower ?upper WHERE {
           ?f tt:value ?v ; tt:qualifier "more than" ; tt:period ?span . FILTER(?v = 50)
           ?span tt:wording ?wording . OPTIONAL { ?span tt:notEarlierThan|tt:laterThan ?lower }
           OPTIONAL { ?span tt:notLaterThan|tt:earlierThan ?upper } }""",
      [("over the past five years", None, "2024-10-24")], id="T07-past-five-years"),
    Q("What period does the agricultural plan cover?",
      """SELECT DISTINCT ?start ?end WHERE {
           ?p rdfs:label "Plan for the development of cooperation in the agricultural sector (2023-2026)"@en ;
              tt:startDate ?start ; tt:endDate ?end }""",
      [("2023", "2026")], id="T08-agricultural-plan-period"),
    Q("From when to when did Russian elites hold China in arrogance, by the 2026 paper's start?",
      """SELECT DISTINCT ?wording ?from ?to WHERE {
           ?i tt:startDate ?span . ?span tt:wording ?wording ; tt:notEarlierThan ?from ; tt:notLaterThan ?to .
           FILTER(CONTAINS(?wording, "1990s"))
           ?c owl:annotatedSource ?i ; owl:annotatedTarget ?span ; tt:evidence/oa:hasSource src:shakhanova-2026 }""",
      [("from the 1990s", "1990", "1999")], id="T09-arrogance-from-1990s"),
    Q("In what order did Shakhanova's joint statements come?",
      """SELECT ?date (COUNT(DISTINCT ?earlier) AS ?rank) WHERE {
           ?js a tt:JointStatement ; tt:dateAdopted ?date .
           ?c owl:annotatedSource ?js ; owl:annotatedProperty tt:dateAdopted ;
              tt:evidence/oa:hasSource src:shakhanova-2026 .
           ?e a tt:JointStatement ; tt:dateAdopted ?d2 . ?ce owl:annotatedSource ?e ;
              owl:annotatedProperty tt:dateAdopted ; tt:evidence/oa:hasSource src:shakhanova-2026 .
           FILTER(STR(?d2) <= STR(?date)) BIND(?e AS ?earlier) } GROUP BY ?date""",
      [("2022-02-04", 1), ("2023-03-21", 2), ("2024-05-16", 3), ("2025-05-08", 4)],
      id="T10-joint-statement-order"),
    Q("What are the three earliest instruments Kapoor reports, undated ones last?",
      """SELECT ?i WHERE { {
           SELECT ?i (MIN(?key) AS ?k) WHERE {
             ?i a tt:Instrument . ?c owl:annotatedSource ?i ; tt:evidence/oa:hasSource src:kapoor-2021 .
             OPTIONAL { ?i ?p ?d . ?p rdfs:subPropertyOf tt:date .
                        ?cd owl:annotatedSource ?i ; owl:annotatedProperty ?p ; owl:annotatedTarget ?d ;
                            tt:evidence/oa:hasSource src:kapoor-2021 .
                        OPTIONAL { ?d tt:laterThan|tt:notEarlierThan ?lower }
                        OPTIONAL { ?d time:after/tt:date ?afterDate } }
             BIND(COALESCE(IF(isLiteral(?d), STR(?d), ?unbound), STR(?lower), STR(?afterDate), "9999") AS ?key)
           } GROUP BY ?i ORDER BY ?k LIMIT 3 } }""",
      ["in:s-400-supply-deal", "in:su-35-supply-deal",
       "in:joint-statement-on-cooperation-in-information-space-development-2016"],
      id="T11-kapoor-earliest-instruments"),
    Q("Which instruments does Kapoor report without any date?",
      """SELECT DISTINCT ?i WHERE {
           ?i a tt:Instrument . ?c owl:annotatedSource ?i ; tt:evidence/oa:hasSource src:kapoor-2021 .
           FILTER NOT EXISTS { ?i ?p ?d . ?p rdfs:subPropertyOf tt:date .
             ?cd owl:annotatedSource ?i ; owl:annotatedProperty ?p ; tt:evidence/oa:hasSource src:kapoor-2021 } }""",
      ["in:glonass-beidou-agreement", "in:russia-agreement-to-help-china-develop-missile-early-warning-system",
       "in:artemis-accords", "in:us-entity-list"], id="T12-kapoor-undated-instruments"),
    Q("When does the 2024 article say Russia-China space cooperation began?",
      """SELECT DISTINCT ?wording ?from ?to WHERE {
           ?c a tt:Cooperation ; tt:domain tech:space-technology ; tt:startDate ?s .
           ?s tt:wording ?wording ; tt:notEarlierThan ?from ; tt:notLaterThan ?to }""",
      [("began in the 50s of the XX century", "1950", "1959")], id="T13-space-cooperation-1950s"),
    Q("When did Armenia freeze its CSTO membership?",
      """SELECT DISTINCT ?when WHERE { ?e tt:participant st:armenia ;
           tt:concerns og:collective-security-treaty-organization ; tt:dateOccurred ?when }""",
      ["2024"], id="T14-armenia-freeze"),
    Q("Which events does the 2026 paper date to a month, and to which?",
      """SELECT DISTINCT ?e ?month WHERE { ?e a tt:Event ; ?p ?month . ?p rdfs:subPropertyOf tt:date .
           FILTER(DATATYPE(?month) = xsd:gYearMonth)
           ?c owl:annotatedSource ?e ; owl:annotatedProperty ?p ; tt:evidence/oa:hasSource src:shakhanova-2026 }""",
      [("ev:china-endorsement-of-russia-war-narrative-2022-03", "2022-03"),
       ("ev:chinese-cyberattack-on-russian-state-networks-2024-08", "2024-08"),
       ("ev:russia-china-consultations-on-the-cis-2025-12", "2025-12"),
       ("ev:russian-discussions-of-the-draft-law-on-ai-models", "2026-03")], id="T15-month-precision-events"),
    Q("When did Russia and China decide to create a joint expert council on AI?",
      """SELECT DISTINCT ?when WHERE { ?x rdfs:label "joint expert council dedicated to AI issues"@en ;
           tt:dateAgreed ?when }""",
      ["2025-11"], id="T16-ai-expert-council"),
    Q("What does the 2026 paper place after the 2008 crisis?",
      """SELECT DISTINCT ?what WHERE { ?x ?p ?span . ?span time:after ev:crisis-2008 ; tt:laterThan "2008"^^xsd:gYear .
           ?x rdfs:label ?what }""",
      ["reassess China's role"], id="T17-after-2008-crisis"),
    Q("When is Putin's visit to China planned?",
      """SELECT DISTINCT ?from ?to WHERE { ?v rdfs:label "Putin plans to visit China"@en ; tt:datePlanned ?s .
           ?s tt:notEarlierThan ?from ; tt:notLaterThan ?to }""",
      [("2026-05", "2026-06")], id="T18-putin-visit-planned"),
    Q("What happened in the aftermath of Huawei's inclusion in the US Entity List?",
      """SELECT DISTINCT ?what WHERE { ?x tt:dateOccurred ?s . ?s time:after ev:huawei-entity-list-2019 .
           ?x rdfs:label ?what }""",
      ["Huawei’s presence has accelerated", "shift its investments to Russia"], id="T19-after-entity-list"),
    Q("Which of Lin's events happened 'in recent years' (bounded only by the article's date)?",
      """SELECT DISTINCT ?what ?upper WHERE { ?x ?p ?s . ?p rdfs:subPropertyOf tt:date .
           ?s tt:wording ?w ; tt:notLaterThan ?upper . FILTER(LCASE(?w) = "in recent years")
           FILTER NOT EXISTS { ?s tt:notEarlierThan|tt:laterThan ?any }
           ?c owl:annotatedSource ?x ; owl:annotatedTarget ?s ; tt:evidence/oa:hasSource src:lin-2024 .
           BIND(?x AS ?what) }""",
      [("ev:us-and-european-high-technology-restrictions-on-china", "2024-10-24"),
       ("ev:western-sanctions-against-russia", "2024-10-24")], id="T20-lin-recent-years"),
    # ------------------------------------------------------------------ more lookups and joins
    Q("Which states took a common position against the US-led Artemis Accords?",
      """SELECT DISTINCT ?state WHERE { ?c a tt:Cooperation ; tt:concerns ?a ; tt:partner ?s .
           ?a rdfs:label "Artemis Accords"@en ; tt:ledBy st:united-states .
           ?s rdfs:label ?state FILTER(LANG(?state) = "en") }""",
      ["Russia", "China"], id="L24-artemis-accords-opponents"),
    Q("Which Central Asian countries does the US support, per the 2024 article, and to what end?",
      """SELECT DISTINCT ?country ?aim WHERE {
           ?c a tt:Cooperation ; tt:partner st:united-states , ?s ; tt:motivatedBy ?i .
           ?s a tt:State ; rdfs:label ?country . FILTER(?s != st:united-states && LANG(?country) = "en")
           ?i rdfs:label ?aim }""",
      [("Kazakhstan", "limit the influence of Russia and China in Central Asia"),
       ("Uzbekistan", "limit the influence of Russia and China in Central Asia")],
      id="L25-us-support-central-asia"),
    Q("Which states make up the \"Triple Partnership\"?",
      """SELECT DISTINCT ?state WHERE { ?p rdfs:label "Triple Partnership"@en ; tt:participant ?s .
           ?s rdfs:label ?state FILTER(LANG(?state) = "en") }""",
      ["US", "Japan", "India"], id="L26-triple-partnership"),
    Q("What is Anna Sytnik's position, and where?",
      """SELECT DISTINCT ?position ?org WHERE { ?m org:member ps:anna-sytnik ; tt:position ?position ;
           org:organization ?o . ?o rdfs:label ?org }""",
      [("associate professor", "St. Petersburg State University")], id="L27-anna-sytnik"),
    Q("Which other Russian organizations develop generative AI models?",
      """SELECT DISTINCT ?org WHERE { ?d a tt:Development ; tt:developer ?o .
           ?o tt:basedIn st:russia ; rdfs:label ?org .
           FILTER NOT EXISTS { ?d tt:product ?m } }""",
      ["Rostec", "Rosatom"], id="L28-other-russian-ai-developers"),
    Q("Who said that anyone who secures a monopoly in AI will rule the world, and in which year "
      "was the cited report published?",
      """SELECT DISTINCT ?who ?year WHERE {
           ?i a tt:Idea ; tt:proponent ?p ; rdfs:label ?l . FILTER(CONTAINS(?l, "monopoly in AI"))
           ?p rdfs:label ?who . FILTER(LANG(?who) = "en")
           ?c owl:annotatedSource ?i ; owl:annotatedProperty tt:proponent ; tt:evidence/tt:citation/tt:citedWork ?w .
           ?w dcterms:issued ?d . BIND(SUBSTR(STR(?d), 1, 4) AS ?year) }""",
      [("Vladimir Putin", "2019")], id="L29-ai-monopoly-quote"),
    Q("What did the Russian MFA report about the 2024 meeting on the military use of AI?",
      """SELECT DISTINCT ?what ?who WHERE {
           ?e a tt:Event ; tt:dateOccurred "2024"^^xsd:gYear ; tt:concerns ?i .
           ?i a tt:Idea ; rdfs:label ?what . FILTER(CONTAINS(?what, "military use of AI"))
           ?c owl:annotatedSource ?e ; owl:annotatedProperty tt:concerns ; owl:annotatedTarget ?i ;
              tt:evidence/tt:attributedTo ?who }""",
      [("Russian and Chinese approaches to the military use of AI were close",
        "og:russian-ministry-of-foreign-affairs")], id="L30-military-ai-meeting-2024"),
    Q("Which spellings does the 2024 article use for Bobo Lo?",
      """SELECT DISTINCT ?name WHERE { ps:bobo-lo rdfs:label|skos:altLabel ?name .
           ?c owl:annotatedSource ps:bobo-lo ; owl:annotatedTarget ?name ; tt:evidence/oa:hasSource src:lin-2024 }""",
      ["Bobo Lo", "Bobo Luo"], id="L31-bobo-lo-spellings"),
    Q("When was each source document published, and (for the journal article) received?",
      """SELECT DISTINCT ?doc ?issued ?received WHERE { ?doc a tt:SourceDocument ; dcterms:issued ?issued .
           OPTIONAL { ?doc dcterms:dateSubmitted ?received } }""",
      [("src:kapoor-2021", "2021-05-12", None), ("src:lin-2024", "2024-10-24", "2024-10-13"),
       ("src:shakhanova-2026", "2026-05", None)], id="T21-document-dates"),
    Q("What positions and affiliations do the documents give for their authors?",
      """SELECT DISTINCT ?author ?position ?org WHERE { ?doc a tt:SourceDocument ; dcterms:creator ?a .
           ?a rdfs:label ?author . ?m org:member ?a ; tt:position ?position ; org:organization ?o .
           ?o rdfs:label ?org }""",
      [("Nivedita Kapoor", "Post-doctoral Fellow",
        "International Laboratory on World Order Studies and the New Regionalism"),
       ("Lin' Menghan", "Postgraduate student",
        "Peoples' Friendship University of Russia named after Patrice Lumumba")],
      id="L32-author-affiliations"),
]


@pytest.mark.parametrize("question,sparql,expected", QUESTIONS)
def test_analyst_question(db, question, sparql, expected):
    assert answer(db, sparql) == normalize(expected), question
