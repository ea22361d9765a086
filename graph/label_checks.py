"""Checks on the labels, translations and definitions a build writes (class 8 of issue 8).

Each check returns problems as lines naming the report (or ``ontology``), the node and
what is wrong; :func:`check_labels` fails the build with all of them.

- **Indonesian text with English in it**: an ``@id`` literal of a report graph (a label,
  comment, period, condition) or of the ontology must not contain an English word or a
  slug (``disagreeing-figures``). English words are :data:`ENGLISH_WORDS` plus every word
  of the concepts' notations and English prefLabels, minus :data:`BOTH_LANGUAGES`. A word
  the report's own text uses ("online scam" in Kompas) is allowed in that report's graph;
  acronyms (``ASEAN``, ``TOR``) and CURIEs/IRIs are not words.
- **Number agreement**: an English label that starts with a plural subject (a
  ``foaf:Group``, "ASEAN leaders") must not go on with a verb in the third person
  singular ("adopts"), nor a singular subject with the bare verb.
- **Units**: the label of a statistical observation writes its unit after the figure,
  in each language (``15 %``, ``700 cases``, ``700 kasus``).
- **Translations**: every quote has one English ``tip:translation`` made by the project
  (``tip:translatedBy``), and its English label shows that translation, not the
  Indonesian words; every generated label exists in both languages.
- **Definitions**: every concept, concept scheme and own ontology term is defined in
  English and in Indonesian.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, OWL, RDF, RDFS, SKOS

from tipkg.errors import BuildError
from tipkg.graph import labels
from tipkg.namespaces import SCHEMA, TIP

ENGLISH_WORDS = frozenset(
    """
    a about after against all also an and any are as at be been before between both but by
    can cannot could did do does during each either every for from had has have he her his how
    if in into is it its more most must no not of on one only or other our out over she should
    since so some such than that the their them then there these they this those through to
    under until up upon was we were what when where which while who whom whose why will with
    within without would you
    affirmation agreement case cases concern country countries declaration figure figures focus
    government issue leaders meeting ministry note number people period person persons quality
    relation report rescue right rights role said says stated statement summit support unknown
    victim victims year years
    """.split()
)
"""Common English words, none of them also an Indonesian word."""

BOTH_LANGUAGES = frozenset("data dataset global legal media minimum multilateral regional total web".split())
"""Words English and Indonesian share: never a sign of English in an Indonesian text."""

PROPER_NAMES = frozenset({"asean-tip-kg"})
"""Names that are neither English nor Indonesian words (the project's own)."""

_QUOTED = re.compile(r"(?<![^\W\d_])'[^']*'(?![^\W\d_])|\"[^\"]*\"|“[^”]*”|‘[^’]*’")
"""Words in quotation marks (an apostrophe inside a word, as in "Jum'at", opens no quotation)."""
_NON_WORDS = re.compile(r"https?://\S+|\b[\w-]+:[\w#/.-]+")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

REPORT_WORDS_PREDICATES = frozenset({SCHEMA.text, SCHEMA.headline})
"""Literals holding the report's own words, not ours: never checked for English."""


def english_vocabulary(ontology: Graph) -> frozenset[str]:
    """:data:`ENGLISH_WORDS`, the parts of every concept's notation (so that slugs are
    caught) and the words of every concept's English prefLabel, less :data:`BOTH_LANGUAGES`."""
    words = set(ENGLISH_WORDS)
    for concept in ontology.subjects(RDF.type, SKOS.Concept):
        for notation in ontology.objects(concept, SKOS.notation):
            words |= set(str(notation).split("-"))
        for label in ontology.objects(concept, SKOS.prefLabel):
            if isinstance(label, Literal) and label.language == "en":
                words |= {w.lower() for part in _WORD.findall(str(label)) for w in part.split("-")}
    return frozenset(words - BOTH_LANGUAGES)


def words(text: str) -> list[str]:
    """The words of ``text`` (hyphenated words kept whole), without IRIs, CURIEs and acronyms."""
    return [w for w in _WORD.findall(_NON_WORDS.sub(" ", text)) if not (w.isupper() and len(w) > 1)]


def english_in_indonesian(text: str, vocabulary: frozenset[str], allowed: frozenset[str]) -> list[str]:
    """The English words and slugs in an Indonesian ``text`` (``allowed``: lower-cased words
    the source itself uses). Words in quotation marks are a source's words, not ours, and
    hyphenated Indonesian words (``negara-negara``, ``politik-keamanan``) have no English part.

    >>> english_in_indonesian("Catatan kualitas data: disagreeing-figures", frozenset({"figures"}), frozenset())
    ['disagreeing-figures']
    >>> english_in_indonesian("Kamboja: focus of cases", frozenset({"focus", "of", "cases"}), frozenset())
    ['focus', 'of', 'cases']
    """
    found = []
    for word in words(_QUOTED.sub(" ", text)):
        lower = word.lower()
        if lower in allowed or lower in PROPER_NAMES:
            continue
        if lower in vocabulary or any(part in vocabulary for part in lower.split("-")):
            found.append(word)  # an English word, or a slug (``disagreeing-figures``)
    return found


def indonesian_problems(where: str, graph: Graph, vocabulary: frozenset[str], allowed: frozenset[str]) -> list[str]:
    """Every ``@id`` literal of ``graph`` (but the report's own words) free of English, and
    free of the slugs of the graph's own IRIs (``kao-kim-hourn``, ``asean-chair``)."""
    slugs = frozenset(
        str(term).rsplit("/", 1)[1] for triple in graph for term in triple if isinstance(term, URIRef) and "-" in str(term).rsplit("/", 1)[1]
    )
    problems = []
    for s, p, o in sorted(graph):
        if isinstance(o, Literal) and o.language == "id" and p not in REPORT_WORDS_PREDICATES:
            english = english_in_indonesian(str(o), vocabulary | slugs, allowed)
            if english:
                problems.append(f"{where}: <{s}> {_curie(graph, p)} \"{o}\"@id has English words or slugs: {', '.join(english)}")
    return problems


def _labels(graph: Graph, node, predicate=RDFS.label) -> dict[str, str]:
    return {o.language: str(o) for o in graph.objects(node, predicate) if isinstance(o, Literal) and o.language}


def _curie(graph: Graph, term: URIRef) -> str:
    try:
        return graph.namespace_manager.curie(term, generate=False)
    except (KeyError, ValueError):
        return f"<{term}>"


def bilingual_problems(where: str, graph: Graph) -> list[str]:
    """Every labelled node of a report graph has its label in English and in Indonesian."""
    problems = []
    for node in sorted(set(graph.subjects(RDFS.label, None))):
        missing = {"en", "id"} - _labels(graph, node).keys()
        if missing:
            problems.append(f"{where}: <{node}> has no rdfs:label in {', '.join(sorted(missing))}")
    return problems


def verb_forms(ontology: Graph) -> dict[str, str]:
    """English verbs the labels use: third person singular → bare form (``adopts`` → ``adopt``),
    from the instrument-relation concepts (named in the third person) and the modalities
    (named by the bare verb)."""
    forms: dict[str, str] = {}
    for concept in ontology.subjects(RDF.type, SKOS.Concept):
        label = _labels(ontology, concept, SKOS.prefLabel).get("en", "")
        first = label.split(" ", 1)[0]
        if "/instrument-relation/" in str(concept):
            forms[first] = labels.verb_for(first, plural=True)
        elif "/modality/" in str(concept):
            forms[first + "s"] = first
    return forms


def agreement_problems(where: str, graph: Graph, verbs: dict[str, str]) -> list[str]:
    """English labels that start with a subject whose verb does not agree with it in number."""
    subjects = {}
    for node in set(graph.subjects(RDFS.label, None)):
        english = _labels(graph, node).get("en")
        if english:
            subjects[english] = (node, RDF.type, FOAF.Group) in graph
    bare = set(verbs.values())
    problems = []
    for node in sorted(set(graph.subjects(RDFS.label, None))):
        english = _labels(graph, node).get("en", "")
        for subject, plural in subjects.items():
            for start in (subject, f"The {subject}"):
                if not english.startswith(start + " "):
                    continue
                verb = english[len(start) + 1:].split(" ", 1)[0]
                if plural and verb in verbs:
                    problems.append(f"{where}: <{node}> \"{english}\"@en: plural subject '{subject}' with singular verb '{verb}' ('{verbs[verb]}')")
                elif not plural and verb in bare:
                    problems.append(f"{where}: <{node}> \"{english}\"@en: singular subject '{subject}' with plural verb '{verb}'")
    return problems


def unit_problems(where: str, graph: Graph, ontology: Graph) -> list[str]:
    """Every observation's label writes the figure followed by its unit, in each language."""
    problems = []
    for node in sorted(set(graph.subjects(RDF.type, TIP.StatisticalObservation))):
        unit, value, stated = graph.value(node, TIP.unit), graph.value(node, SCHEMA.value), graph.value(node, TIP.statedValue)
        if unit is None or value is None or stated is None:
            continue  # the shapes require them
        number = value.toPython()
        words_after = labels.unit_words(str(unit).rsplit("/", 1)[1], _labels(ontology, unit, SKOS.prefLabel), number)
        label = _labels(graph, node)
        for lang, figure in (("en", f"{number:,}"), ("id", str(stated))):
            expected = f"{figure} {words_after.get(lang, '')}"
            if expected not in label.get(lang, ""):
                problems.append(f"{where}: <{node}> \"{label.get(lang)}\"@{lang} does not write the unit after the figure ('{expected}')")
    return problems


def translation_problems(where: str, graph: Graph, translator: URIRef) -> list[str]:
    """Every quote has one English translation by ``translator``, and its English label
    shows the translation, not the Indonesian words; reported speech has an English label
    that is not its Indonesian text."""
    problems = []
    for node in sorted(set(graph.subjects(RDF.type, TIP.Quote))):
        translations = [o for o in graph.objects(node, TIP.translation) if isinstance(o, Literal) and o.language == "en"]
        words_id = str(graph.value(node, SCHEMA.text) or "")
        english = _labels(graph, node).get("en", "")
        if len(translations) != 1:
            problems.append(f"{where}: quote <{node}> has {len(translations)} English translations (tip:translation), not 1")
        elif str(translations[0]) == words_id:
            problems.append(f"{where}: quote <{node}> has its Indonesian words as its English translation")
        if (node, TIP.translatedBy, translator) not in graph:
            problems.append(f"{where}: quote <{node}> does not say the translation is the project's (tip:translatedBy <{translator}>)")
        if words_id and labels.shorten(words_id) in english:
            problems.append(f"{where}: quote <{node}> has the Indonesian words as its English label: \"{english}\"")
        elif translations and not english.endswith(labels.TRANSLATION_MARK["en"]):
            problems.append(f"{where}: quote <{node}> English label does not mark the translation as ours: \"{english}\"")
    for node in sorted(set(graph.subjects(RDF.type, TIP.ReportedSpeech))):
        english, text = _labels(graph, node).get("en"), str(graph.value(node, SCHEMA.text) or "")
        if english is None or english.strip() == text.strip():
            problems.append(f"{where}: reported speech <{node}> has no English label of its own")
    return problems


DEFINED_TYPES = (SKOS.Concept, SKOS.ConceptScheme, OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
DEFINITIONS = (SKOS.definition, RDFS.comment)


def definition_problems(ontology: Graph) -> list[str]:
    """Every concept and scheme, and every term the ontology defines, is defined in both
    languages (``skos:definition``, or ``rdfs:comment`` where a term uses that)."""
    problems = []
    terms = {s for t in DEFINED_TYPES for s in ontology.subjects(RDF.type, t) if isinstance(s, URIRef)}
    for term in sorted(terms):
        concept = any((term, RDF.type, t) in ontology for t in (SKOS.Concept, SKOS.ConceptScheme))
        for predicate in DEFINITIONS:
            langs = set(_labels(ontology, term, predicate))
            if (langs or (concept and predicate == SKOS.definition)) and langs != {"en", "id"}:
                have = ", ".join(sorted(langs)) or "none"
                problems.append(f"ontology: <{term}> {_curie(ontology, predicate)} in {have}, not in both en and id")
    for scheme in sorted(ontology.subjects(RDF.type, SKOS.ConceptScheme)):
        if set(_labels(ontology, scheme, SKOS.editorialNote)) != {"en", "id"}:
            problems.append(f"ontology: scheme <{scheme}> has no skos:editorialNote in both en and id saying whose translations its definitions are")
    return problems


def label_problems(reports: Iterable, ontology: Graph, translator: URIRef) -> list[str]:
    """All problems of the report graphs (:class:`tipkg.graph.report_graph.ReportGraph`) and the ontology."""
    vocabulary = english_vocabulary(ontology)
    verbs = verb_forms(ontology)
    problems: list[str] = []
    for report in reports:
        allowed = frozenset(w.lower() for w in _WORD.findall(report.text))
        problems += indonesian_problems(report.slug, report.graph, vocabulary, allowed)
        problems += bilingual_problems(report.slug, report.graph)
        problems += agreement_problems(report.slug, report.graph, verbs)
        problems += unit_problems(report.slug, report.graph, ontology)
        problems += translation_problems(report.slug, report.graph, translator)
    problems += indonesian_problems("ontology", ontology, vocabulary, frozenset())
    problems += definition_problems(ontology)
    return problems


def check_labels(reports: Iterable, ontology: Graph, translator: URIRef) -> None:
    """Fail the build with every label, translation and definition problem found."""
    problems = label_problems(reports, ontology, translator)
    if problems:
        raise BuildError("labels and translations are wrong:\n  " + "\n  ".join(problems))
