"""Curated facts of one report → that report's named graph.

Every fact node gets a Web Annotation whose target selects the exact words in the
report that support it; every entity the report mentions is described in the graph
together with its evidence. No blank nodes: every node has a stable IRI.

Each section of :data:`tipkg.graph.curation.SECTIONS` has one mapper here
(:func:`maps`); the checks against the sources are in :mod:`tipkg.graph.crosschecks`,
the wording of labels in :mod:`tipkg.graph.labels`.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS, XSD

from tipkg import assets
from tipkg.errors import BuildError
from tipkg.graph import crosschecks, labels
from tipkg.graph.curation import REPORT_SECTIONS, Curation, ReportFacts
from tipkg.graph.evidence import Span, annotation, annotation_iri, locate, span_at
from tipkg.graph.numbers import parse_indonesian_number
from tipkg.namespaces import DATASET_IRI, ID, QB, SCHEMA, TIP, WD, bind_prefixes, thing

KIND_TYPES: dict[str, tuple[URIRef, ...]] = {
    "person": (FOAF.Person, SCHEMA.Person, PROV.Agent),
    "organization": (ORG.Organization, SCHEMA.Organization, PROV.Agent),
    "group": (FOAF.Group, PROV.Agent),
    "country": (SCHEMA.Country, SCHEMA.Place),
    "place": (SCHEMA.Place,),
    "post": (ORG.Post,),
    "event": (TIP.Meeting, SCHEMA.Event),
    "instrument": (TIP.Instrument, SCHEMA.CreativeWork),
    "variable": (TIP.StatisticalVariable, SCHEMA.StatisticalVariable),
}
"""Types every entity of a kind carries (asserted, so queries need no inference)."""

TYPED_PROPERTIES = {TIP.ordinal: XSD.positiveInteger}
"""Properties whose whole-number values take a narrower datatype than xsd:integer."""

PROJECT_AGENT = URIRef(f"{DATASET_IRI}#publisher")
"""The asean-tip-kg project as an agent (described in the metadata graph): the translator
of every ``tip:translation``."""

DEFAULT_COMMITTER = "group/asean-leaders"
DECLARATION = "instrument/asean-declaration-tip-abuse-of-technology"


AREA_NOT_STATED = {"en": "area not stated", "id": "wilayah tidak disebutkan"}
"""What an observation's label says when its words name no area (``area`` left out)."""

_YEAR, _YEAR_MONTH = re.compile(r"\d{4}"), re.compile(r"\d{4}-\d{2}")


def period_literal(raw, where: str) -> Literal:
    """A period bound as precise as its words: a TOML date is an ``xsd:date``, ``"2025"`` an
    ``xsd:gYear`` ("hingga 2025"), ``"2023-05"`` an ``xsd:gYearMonth`` ("sejak Mei")."""
    if isinstance(raw, dt.date):
        return Literal(raw.isoformat(), datatype=XSD.date)
    if isinstance(raw, str) and _YEAR.fullmatch(raw):
        return Literal(raw, datatype=XSD.gYear)
    if isinstance(raw, str) and _YEAR_MONTH.fullmatch(raw):
        return Literal(raw, datatype=XSD.gYearMonth)
    raise BuildError(f"{where}: a period bound is a date, \"YYYY\" or \"YYYY-MM\", not {raw!r}")


def concept(scheme: str, slug: str) -> URIRef:
    """A SKOS concept IRI, ``id/concept/{scheme}/{slug}``."""
    return ID[f"concept/{scheme}/{slug}"]


@functools.lru_cache(maxsize=1)
def concept_labels() -> dict[URIRef, labels.Label]:
    """Every SKOS concept's ``skos:prefLabel`` by language, read once from the shipped schemes."""
    found: dict[URIRef, labels.Label] = {}
    for node, label in assets.ontology_graph().subject_objects(SKOS.prefLabel):
        if isinstance(label, Literal) and label.language:
            found.setdefault(node, {})[label.language] = str(label)
    return found


PLURAL_KINDS = frozenset({"group"})
"""Entity kinds whose English labels are plural nouns ("ASEAN leaders"): verbs agree with them."""


def ref(kind_slug: str) -> URIRef:
    """``"person/kao-kim-hourn"`` → its IRI."""
    kind, _, slug = kind_slug.partition("/")
    return thing(kind, slug)


@dataclass
class ReportMeta:
    """What ``metadata.csv`` says of a report."""

    publisher: str
    dateline: str
    date_in_text: dt.date | None
    headline: str
    language: str


@dataclass
class ReportGraph:
    """A report's named graph plus the warnings its build raised."""

    slug: str
    graph: Graph
    text: str
    """The report's text as received: what the graph's evidence quotes."""
    warnings: list[str] = field(default_factory=list)
    concepts: set[URIRef] = field(default_factory=set)
    """Concept IRIs the graph uses (checked against the schemes by the build)."""
    skips: list[dict] = field(default_factory=list)
    """The report's ``[[skip]]`` entries: sentences with no fact, and why (:mod:`tipkg.graph.coverage`)."""
    drafts: dict[str, int] = field(default_factory=dict)
    """Draft entries waiting in the fact file, by section (not in the graph)."""


Mapper = Callable[["_ReportBuilder", dict], None]

MAPPERS: dict[str, Mapper] = {}
"""Section name (:data:`tipkg.graph.curation.SECTIONS`) → the method that maps one entry."""


def maps(section: str) -> Callable[[Mapper], Mapper]:
    """Register the decorated method as the mapper of ``section``'s entries."""

    def register(method: Mapper) -> Mapper:
        if section in MAPPERS:
            raise BuildError(f"two mappers for section [[{section}]]")
        MAPPERS[section] = method
        return method

    return register


def check_mappers() -> None:
    """Fail unless every curated section has a mapper and every mapper a section.

    A section curation accepts but nothing maps would be checked and then dropped.
    """
    unmapped, unknown = sorted(REPORT_SECTIONS.keys() - MAPPERS.keys()), sorted(MAPPERS.keys() - REPORT_SECTIONS.keys())
    if unmapped or unknown:
        raise BuildError(f"report sections and mappers disagree: sections without a mapper {unmapped}, mappers without a section {unknown}")


class _ReportBuilder:
    """Writes one report's facts as triples (one instance per report)."""

    def __init__(self, report: ReportFacts, text: str, meta: ReportMeta, curation: Curation):
        self.report = report
        self.text = text
        self.meta = meta
        self.curation = curation
        self.doc = thing("document", report.slug)
        self.graph = Graph()
        bind_prefixes(self.graph)
        self.out = ReportGraph(report.slug, self.graph, text)
        self._described: set[str] = set()
        self.flagged = {f"{report.slug}-weekday-{found.start}": found for found in crosschecks.weekday_mismatches(report, text, meta)}
        """Weekday notes by id: the phrases whose dates are in doubt."""
        self._commitment_spans: dict[str, list[Span]] = {}

    # --- building blocks -------------------------------------------------------
    def add(self, s, p, o) -> None:
        self.graph.add((s, p, o))

    def add_labels(self, node: URIRef, label: labels.Label, predicate=RDFS.label) -> None:
        for lang in ("en", "id"):
            if lang in label:
                self.add(node, predicate, Literal(label[lang], lang=lang))

    def use_concept(self, scheme: str, slug: str) -> URIRef:
        iri = concept(scheme, slug)
        self.out.concepts.add(iri)
        return iri

    def concept_label(self, scheme: str, slug: str) -> labels.Label:
        """A concept's prefLabel in both languages.

        An unknown concept gets its slug, for the moment: the build then fails naming it
        (``check_concepts``), before the label checks would refuse the slug.
        """
        label = concept_labels().get(concept(scheme, slug), {})
        return {"en": label.get("en", slug), "id": label.get("id", slug)}

    def value(self, predicate: URIRef, raw):
        """A TOML value → an RDF term: ``"@kind/slug"`` an entity, dates, numbers, labels."""
        if isinstance(raw, str) and raw.startswith("@"):
            self.entity(raw[1:])
            return ref(raw[1:])
        if isinstance(raw, bool):
            return Literal(raw)
        if isinstance(raw, int):
            return Literal(str(raw), datatype=TYPED_PROPERTIES.get(predicate, XSD.integer))
        if isinstance(raw, dt.date):
            return Literal(raw.isoformat(), datatype=XSD.date)
        return Literal(raw)

    def props(self, node: URIRef, props: dict) -> None:
        for curie, raw in props.items():
            predicate = self.graph.namespace_manager.expand_curie(curie)
            if isinstance(raw, dict):
                self.add_labels(node, raw, predicate)
            else:
                self.add(node, predicate, self.value(predicate, raw))

    def entity(self, kind_slug: str) -> URIRef:
        """Describe a registered entity in this graph (once) and return its IRI."""
        node = ref(kind_slug)
        if kind_slug in self._described:
            return node
        self._described.add(kind_slug)
        entry = self.curation.entities[kind_slug]
        kind = kind_slug.split("/", 1)[0]
        for rdf_type in KIND_TYPES[kind]:
            self.add(node, RDF.type, rdf_type)
        if "class" in entry:
            self.add(node, RDF.type, self.graph.namespace_manager.expand_curie(entry["class"]))
        self.add_labels(node, entry["label"])
        if kind == "person":
            self.add(node, FOAF.name, Literal(entry["label"]["id"]))
        for alt in entry.get("alt", []):
            self.add(node, SKOS.altLabel, Literal(alt, lang="id"))
        if "wikidata" in entry:
            self.add(node, SCHEMA.sameAs, WD[entry["wikidata"]])
        self.props(node, entry.get("props", {}))
        return node

    def evidence(self, body: URIRef, quote: str) -> URIRef:
        """Locate ``quote`` and annotate ``body`` with it; returns the annotation IRI."""
        span = locate(self.text, quote, source=f"{self.report.name} ({body})")
        return self.annotate(body, span)

    def annotate(self, body: URIRef, span: Span) -> URIRef:
        iri = annotation_iri(self.report.slug, span)
        for triple in annotation(iri, body, self.doc, span):
            self.graph.add(triple)
        self.add(body, TIP.evidence, iri)
        # An entity described here rests on this report too, not only the fact nodes.
        self.add(body, PROV.wasDerivedFrom, self.doc)
        return iri

    def label(self, kind_slug: str) -> labels.Label:
        """A registered entity's label in both languages."""
        return self.curation.entities[kind_slug]["label"]

    # --- sections --------------------------------------------------------------
    def build(self) -> ReportGraph:
        check_mappers()
        self.check_doubt()
        crosschecks.check_drafts(self.report, self.text)
        self.out.drafts = {section: len(entries) for section, entries in self.report.drafts.items()}
        self.document()
        for section in REPORT_SECTIONS:
            for entry in self.report.entries(section):
                MAPPERS[section](self, entry)
        self.check_commitments_outside_quotations()
        self.weekday_notes()
        return self.out

    # --- doubt that travels ------------------------------------------------------
    def entry_dates(self, section: str, entry: dict) -> list[tuple[object, str | None]]:
        """The dates an entry states, each with the words it was read from (when the entry names them)."""
        if section == "mention":
            return [(v, entry["quote"]) for v in entry.get("props", {}).values() if isinstance(v, dt.date)]
        if section == "observation":
            return [(entry[b], entry.get(f"{b}_words")) for b in ("period_start", "period_end") if b in entry]
        if section in ("quote", "speech") and "date" in entry:
            return [(entry["date"], entry.get("date_quote"))]
        return []

    def check_doubt(self) -> None:
        """A fact dated from a phrase flagged by a weekday note must be marked ``doubtful`` with that
        note; ``doubtful`` must name a note of this report."""
        notes = set(self.flagged) | {n["id"] for n in self.report.entries("note")}
        for section in REPORT_SECTIONS:
            for entry in self.report.entries(section):
                name = entry.get("id") or entry.get("entity") or entry.get("ref")
                where = f"{self.report.name} [[{section}]] {name}"
                if "doubtful" in entry and entry["doubtful"] not in notes:
                    raise BuildError(f"{where}: doubtful = {entry['doubtful']!r} names no note of this report (known: {', '.join(sorted(notes))})")
                for value, words in self.entry_dates(section, entry):
                    for note_id, found in self.flagged.items():
                        overlaps = False
                        if words:
                            span = locate(self.text, words, source=where)
                            overlaps = span.start < found.end and found.start < span.end
                        if (value == found.date or overlaps) and entry.get("doubtful") != note_id:
                            raise BuildError(
                                f"{where}: dated {value} from the flagged phrase {self.text[found.start:found.end]!r} "
                                f"({found.date} was a {found.actual_weekday}): mark it doubtful = {note_id!r}"
                            )

    def doubt(self, node: URIRef, entry: dict) -> None:
        """Mark ``node``'s date doubtful and link the note that says why."""
        if "doubtful" in entry:
            self.add(node, TIP.dateIsDoubtful, Literal(True))
            self.add(node, TIP.doubtNote, thing("note", entry["doubtful"]))

    def document(self) -> None:
        d, doc, meta = self.report.document, self.doc, self.meta
        self.add(doc, RDF.type, TIP.NewsReport)
        self.add(doc, RDF.type, SCHEMA.NewsArticle)
        if meta.headline:
            self.add_labels(doc, labels.report_by_headline(meta.headline))
        else:
            when = meta.date_in_text.isoformat() if meta.date_in_text else re.search(r"\d{4}-\d{2}", self.report.slug).group(0)
            publisher = self.label(d["publisher"]) if d.get("publisher") else None
            self.add_labels(doc, labels.report_by_dateline(publisher, meta.dateline, when))
        self.add(doc, DCTERMS.identifier, Literal(self.report.slug))
        self.add(doc, TIP.sourceFile, Literal(d["file"]))
        self.add(doc, TIP.sha256, Literal(hashlib.sha256(self.text.encode("utf-8")).hexdigest()))
        self.add(doc, SCHEMA.text, Literal(self.text))
        self.add(doc, SCHEMA.inLanguage, Literal(meta.language))
        if meta.headline:
            self.add(doc, SCHEMA.headline, Literal(meta.headline, lang=meta.language))
            at = crosschecks.headline_at(self.report, self.text, meta)
            self.annotate(doc, span_at(self.text, at, at + len(meta.headline)))
        if meta.date_in_text:
            self.add(doc, SCHEMA.datePublished, Literal(meta.date_in_text.isoformat(), datatype=XSD.date))
        crosschecks.check_publisher(self.report, meta, self.curation)
        publisher = d.get("publisher")
        if publisher:
            self.add(doc, SCHEMA.publisher, self.entity(publisher))
        if "relays" in d:
            self.add(doc, TIP.relays, self.entity(d["relays"]))
        if "url" in d:
            self.add(doc, SCHEMA.url, URIRef(d["url"]))
        crosschecks.check_dateline(self.report, meta, self.curation)
        place = d["dateline"]["place"]
        self.add(doc, TIP.dateline, self.entity(place))
        self.evidence(self.entity(place), d["dateline"]["quote"])
        for topic in d["topics"]:
            self.add(doc, SCHEMA.about, self.use_concept("topic", topic))

    @maps("mention")
    def mention(self, entry: dict) -> None:
        node = self.entity(entry["entity"])
        self.props(node, entry.get("props", {}))
        self.doubt(node, entry)
        self.evidence(node, entry["quote"])

    def fact(self, kind: str, slug: str, rdf_types, label: dict) -> URIRef:
        node = thing(kind, slug)
        for rdf_type in rdf_types:
            self.add(node, RDF.type, rdf_type)
        self.add_labels(node, label)
        return node

    @maps("membership")
    def membership(self, entry: dict) -> None:
        person, post = entry["person"], entry["post"]
        post_org = self.curation.entities[post]["props"]["org:postIn"][1:]
        node = self.fact(
            "membership", f"{person.split('/')[1]}--{post.split('/')[1]}", (ORG.Membership,),
            labels.membership(self.label(person), self.label(post)),
        )
        self.add(node, ORG.member, self.entity(person))
        self.add(node, ORG.organization, self.entity(post_org))
        self.add(node, TIP.post, self.entity(post))
        self.add(ref(post), ORG.heldBy, ref(person))
        if self.meta.date_in_text:
            self.add(node, TIP.attestedOn, Literal(self.meta.date_in_text.isoformat(), datatype=XSD.date))
        self.evidence(node, entry["quote"])

    @maps("commitment")
    def commitment(self, entry: dict) -> None:
        c = self.curation.commitments[entry["ref"]]
        node = self.fact("commitment", c["id"], (TIP.Commitment,), c["label"])
        self.add(node, TIP.statedIn, self.entity(DECLARATION))
        self.add(node, TIP.committedBy, self.entity(c.get("committed_by", DEFAULT_COMMITTER)))
        for action in c["actions"]:
            self.add(node, TIP.action, self.use_concept("commitment-action", action))
        # The modality is the verb this report gives the declaration (checked in its words).
        span = locate(self.text, entry["quote"], source=f"{self.report.name} ({node})")
        crosschecks.check_commitment_verb(self.report, self.text, entry, span.start, span.end)
        self.add(node, TIP.modality, self.use_concept("modality", entry["modality"]))
        for beneficiary in c.get("beneficiaries", []):
            self.add(node, TIP.beneficiary, self.entity(beneficiary))
        for condition in entry.get("conditions", []):
            self.add_labels(node, condition, TIP.condition)
            self.evidence(node, condition["words"])
        for right in entry.get("rights", []):
            self.add(node, TIP.servesRight, self.use_concept("victim-right", right))
        self.annotate(node, span)
        self._commitment_spans.setdefault(c["id"], []).append(span)

    def check_commitments_outside_quotations(self) -> None:
        """A commitment of the declaration stands on the report's words or the declaration's own
        quoted words: one whose only evidence lies inside someone else's quotation (a speaker's
        account of what the leaders agreed) fails the build."""
        declaration_words = []
        for q in self.report.entries("quote"):
            if q.get("source") == DECLARATION:
                at = self.text.find(q["words"])
                declaration_words.append((at, at + len(q["words"])))
        for ref_id, spans in sorted(self._commitment_spans.items()):
            def someone_elses(span: Span) -> bool:
                around = crosschecks.quotation_around(self.text, span.start, span.end)
                if around is None:
                    return False
                return not any(start < around[1] and around[0] < end for start, end in declaration_words)

            if all(someone_elses(span) for span in spans):
                raise BuildError(
                    f"{self.report.name} commitment {ref_id}: its only evidence lies inside someone's quotation "
                    f"({spans[0].exact[:60]!r}…); a speaker's account is a [[quote]] or [[speech]], not the declaration's commitment"
                )

    @maps("affirmation")
    def affirmation(self, entry: dict) -> None:
        node = self.fact("affirmation", entry["id"], (TIP.RightAffirmation,), labels.affirmation(self.concept_label("victim-right", entry["right"])))
        self.add(node, TIP.right, self.use_concept("victim-right", entry["right"]))
        self.add(node, TIP.affirmedBy, self.entity(entry["by"]))
        if "stated_in" in entry:
            self.add(node, TIP.statedIn, self.entity(entry["stated_in"]))
        if "condition" in entry:
            self.add_labels(node, entry["condition"], TIP.condition)
            self.evidence(node, entry["condition"]["words"])
        for quote in entry["quotes"]:
            self.evidence(node, quote)

    @maps("statement")
    def statement(self, entry: dict) -> None:
        """A recognition, concern, emphasis, need … of the declaration, its leaders or a report:
        words that undertake nothing (not a commitment)."""
        crosschecks.check_hedge(self.report, "statement", entry)
        node = self.fact("statement", entry["id"], (TIP.Statement,), entry["label"])
        self.add(node, TIP.statementKind, self.use_concept("statement-kind", entry["kind"]))
        if "by" in entry:
            self.add(node, TIP.statedBy, self.entity(entry["by"]))
        if "stated_in" in entry:
            self.add(node, TIP.statedIn, self.entity(entry["stated_in"]))
        if "about" in entry:
            self.add(node, SCHEMA.about, self.entity(entry["about"]))
        if "hedge" in entry:
            self.add(node, TIP.hedge, Literal(entry["hedge"], lang="id"))
        self.evidence(node, entry["quote"])

    @maps("relation")
    def relation(self, entry: dict) -> None:
        actor, kind, instrument = entry["actor"], entry["kind"], entry["instrument"]
        node = self.fact(
            "relation", f"{actor.split('/')[1]}--{kind}--{instrument.split('/')[1]}", (TIP.InstrumentRelation,),
            labels.relation(
                self.label(actor), self.concept_label("instrument-relation", kind), self.label(instrument),
                plural=actor.split("/", 1)[0] in PLURAL_KINDS,
            ),
        )
        self.add(node, TIP.actor, self.entity(actor))
        self.add(node, TIP.relationKind, self.use_concept("instrument-relation", kind))
        self.add(node, TIP.instrument, self.entity(instrument))
        self.evidence(node, entry["quote"])

    @maps("country_role")
    def country_role(self, entry: dict) -> None:
        country, role = entry["country"], entry["role"]
        node = self.fact(
            "country-role", f"{country.split('/')[1]}--{role}", (TIP.CountryRole,), labels.country_role(self.label(country), self.concept_label("country-role", role)),
        )
        crosschecks.check_hedge(self.report, "country_role", entry)
        self.add(node, TIP.country, self.entity(country))
        self.add(node, TIP.role, self.use_concept("country-role", role))
        if "hedge" in entry:
            self.add(node, TIP.hedge, Literal(entry["hedge"], lang="id"))
        self.evidence(node, entry["quote"])

    @maps("observation")
    def observation(self, entry: dict) -> None:
        stated = entry["value"]
        number = parse_indonesian_number(stated)
        crosschecks.check_observation(self.report, entry)
        crosschecks.check_hedge(self.report, "observation", entry)
        crosschecks.check_period_words(self.report, self.text, entry)
        approximate = entry.get("approximate", False)
        variable, area = entry["variable"], entry.get("area")
        area_label = self.label(area) if area else AREA_NOT_STATED
        node = self.fact(
            "observation", entry["id"], (TIP.StatisticalObservation, SCHEMA.Observation, QB.Observation),
            labels.observation(
                self.label(variable), area_label, number, stated, approximate,
                labels.unit_words(entry["unit"], self.concept_label("unit", entry["unit"]), number),
            ),
        )
        self.add(node, SCHEMA.variableMeasured, self.entity(variable))
        if number == number.to_integral_value():
            self.add(node, SCHEMA.value, Literal(str(int(number)), datatype=XSD.integer))
        else:
            self.add(node, SCHEMA.value, Literal(str(number), datatype=XSD.decimal))
        self.add(node, TIP.statedValue, Literal(stated))
        self.add(node, TIP.unit, self.use_concept("unit", entry["unit"]))
        self.add(node, TIP.isApproximate, Literal(approximate))
        if area:
            self.add(node, SCHEMA.observationAbout, self.entity(area))
        if "hedge" in entry:
            self.add(node, TIP.hedge, Literal(entry["hedge"], lang="id"))
        self.add_labels(node, entry["period"], TIP.periodLabel)
        for key, predicate in (("period_start", TIP.periodStart), ("period_end", TIP.periodEnd)):
            if key in entry:
                self.add(node, predicate, period_literal(entry[key], f"{self.report.name} observation {entry['id']}"))
                self.evidence(node, entry[f"{key}_words"])
        self.doubt(node, entry)
        self.add(node, TIP.reportedBy, self.entity(entry["reported_by"]))
        if "data_source" in entry:
            self.add(node, TIP.dataSource, self.entity(entry["data_source"]))
        self.evidence(node, entry["quote"])

    def utterance(self, entry: dict, kind: str, rdf_types, text: str, label: dict) -> URIRef:
        node = self.fact(kind, entry["id"], rdf_types, label)
        self.add(node, SCHEMA.text, Literal(text, lang="id"))
        self.add(node, TIP.speaker, self.entity(entry["speaker"]))
        self.add(node, PROV.wasQuotedFrom, self.doc)
        if "source" in entry:
            self.add(node, DCTERMS.source, self.entity(entry["source"]))
        if "occasion" in entry:
            self.add(node, TIP.occasion, self.entity(entry["occasion"]))
        if "date" in entry:
            self.add(node, TIP.spokenOn, Literal(entry["date"].isoformat(), datatype=XSD.date))
            self.add(node, TIP.dateIsApproximate, Literal(entry.get("date_approximate", False)))
        if "date_quote" in entry:
            self.evidence(node, entry["date_quote"])
        if "spoken_at" in entry:
            self.add(node, TIP.spokenAt, self.entity(entry["spoken_at"]))
            self.evidence(node, entry["spoken_at_quote"])
        self.doubt(node, entry)
        return node

    @maps("quote")
    def quote(self, entry: dict) -> None:
        words = entry["words"].rstrip(",").strip()
        # Without a translation the English label would repeat the Indonesian words:
        # the label checks of the build refuse that (tipkg.graph.label_checks).
        label = labels.quote(self.label(entry["speaker"]), words, entry.get("translation"))
        node = self.utterance(entry, "quote", (TIP.Quote, SCHEMA.Quotation), words, label)
        if "translation" in entry:
            self.add(node, TIP.translation, Literal(entry["translation"], lang="en"))
            self.add(node, TIP.translatedBy, PROJECT_AGENT)
        self.evidence(node, entry["words"])

    @maps("speech")
    def speech(self, entry: dict) -> None:
        node = self.utterance(entry, "speech", (TIP.ReportedSpeech,), entry["quote"], entry["summary"])
        self.evidence(node, entry["quote"])

    @maps("note")
    def note(self, entry: dict, span: Span | None = None) -> None:
        node = self.fact("note", entry["id"], (TIP.DataQualityNote,), labels.note(self.concept_label("data-quality-issue", entry["kind"])))
        self.add(node, TIP.about, ref(entry["about"]))
        if "compares" in entry:
            # another report's figure, linked by identity only: its facts stay in its own graph
            self.add(node, TIP.comparedWith, ref(entry["compares"]))
        self.add(node, TIP.issueKind, self.use_concept("data-quality-issue", entry["kind"]))
        self.add_labels(node, entry["comment"], RDFS.comment)
        if span is not None:
            self.annotate(node, span)
        elif "quote" in entry:
            self.evidence(node, entry["quote"])

    @maps("skip")
    def skip(self, entry: dict) -> None:
        """No triples: a skip is audit data, read by the coverage gate (:mod:`tipkg.graph.coverage`)."""
        self.out.skips.append(entry)

    def weekday_notes(self) -> None:
        """A weekday that does not match its date becomes a note and a warning."""
        for note_id, found in self.flagged.items():
            self.out.warnings.append(crosschecks.weekday_warning(self.report, self.text, found))
            self.note(
                {
                    "id": note_id,
                    "kind": "weekday-mismatch",
                    "about": f"document/{self.report.slug}",
                    "comment": labels.weekday_comment(self.text[found.start:found.end], found),
                },
                span=span_at(self.text, found.start, found.end),
            )


def report_graph(report: ReportFacts, text: str, meta: ReportMeta, curation: Curation) -> ReportGraph:
    """The named graph of one report: its description and every fact it supports."""
    return _ReportBuilder(report, text, meta, curation).build()
