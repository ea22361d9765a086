"""Load the curated fact files (TOML) and check their shape and references.

``_entities.toml`` and ``_commitments.toml`` are registries shared by all reports;
every other file holds the facts of one report. Unknown keys, missing keys and
references to unknown things fail the build with the file and the entry.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from tipkg import assets
from tipkg.errors import BuildError


@dataclass(frozen=True)
class Section:
    """One kind of entry a report's fact file may hold (``[[name]]``)."""

    name: str
    required: frozenset[str]
    optional: frozenset[str] = frozenset()
    refs: tuple[str, ...] = ()
    """Keys whose values name a registered entity (``kind/slug``)."""

    @property
    def keys(self) -> tuple[frozenset[str], frozenset[str]]:
        return self.required, self.optional


def _section(name: str, required: str, optional: str = "", refs: str = "") -> Section:
    return Section(name, frozenset(required.split()), frozenset(optional.split()), tuple(refs.split()))


SECTIONS: tuple[Section, ...] = (
    _section("mention", "entity quote", "props doubtful", refs="entity"),
    _section("membership", "person post quote", refs="person post"),
    _section("commitment", "ref quote verb modality", "conditions rights"),
    _section("affirmation", "id right by quotes", "stated_in condition", refs="by stated_in"),
    _section("statement", "id kind label quote", "by stated_in about hedge", refs="by stated_in about"),
    _section("relation", "actor kind instrument quote", refs="actor instrument"),
    _section("country_role", "country role quote", "hedge", refs="country"),
    _section(
        "observation", "id variable value unit period reported_by quote",
        "area approximate hedge period_start period_start_words period_end period_end_words data_source doubtful",
        refs="variable area reported_by data_source",
    ),
    _section(
        "quote", "id speaker words",
        "translation occasion date date_approximate date_quote source spoken_at spoken_at_quote doubtful",
        refs="speaker occasion source spoken_at",
    ),
    _section(
        "speech", "id speaker quote summary", "occasion date date_quote source spoken_at spoken_at_quote doubtful",
        refs="speaker occasion source spoken_at",
    ),
    _section("note", "id kind about comment", "quote compares"),
    _section("skip", "words reason", "occurrence note repeats"),
)
"""The sections of a report's fact file, in the order the report graph maps them.

The one table of sections: curation checks entries against it and
:mod:`tipkg.graph.report_graph` has one mapper per name (the build fails otherwise).
``skip`` makes no triples: it is the audit data the coverage gate reads
(:mod:`tipkg.graph.coverage`), kept at the end of each fact file.
"""
REPORT_SECTIONS: dict[str, Section] = {section.name: section for section in SECTIONS}
""":data:`SECTIONS` by name."""

DOCUMENT_KEYS = ({"file", "dateline", "topics"}, {"publisher", "relays", "url"})

DRAFT_KEYS = frozenset({"draft", "rule", "confidence"})
"""Keys any entry may carry: ``draft = true`` keeps it out of the report graph (a
proposal of ``tipkg ingest``, or a curator's); ``rule`` and ``confidence`` say which
ingest rule made it and how sure that rule is. A curator publishes a draft by deleting
``draft = true`` (rule and confidence may stay: they are not mapped)."""

DRAFT_ONLY_SECTIONS: dict[str, Section] = {}
"""Sections ingest drafts before curation publishes them (used only while
:data:`REPORT_SECTIONS` lacks a section of that name). None now: ``[[skip]]``, which
ingest drafts for furniture, is a report section read by the coverage gate."""
ENTITY_KEYS = ({"id", "label"}, {"class", "alt", "wikidata", "props"})
COMMITMENT_KEYS = ({"id", "label", "actions"}, {"beneficiaries", "committed_by"})
"""A commitment's identity; its modality, conditions and rights are each report's (the verb and words it gives)."""


@dataclass
class ReportFacts:
    """The curated facts of one report."""

    name: str
    """The fact file's name (for error messages)."""
    document: dict
    sections: dict[str, list[dict]] = field(default_factory=dict)
    drafts: dict[str, list[dict]] = field(default_factory=dict)
    """Entries with ``draft = true``, by section: checked for their keys and (by the
    build) their words, never mapped to triples."""

    @property
    def draft_count(self) -> int:
        return sum(len(entries) for entries in self.drafts.values())

    @property
    def slug(self) -> str:
        return self.document["file"].removesuffix(".txt")

    def entries(self, section: str) -> list[dict]:
        return self.sections.get(section, [])


@dataclass
class Curation:
    """Everything curated: registries plus one :class:`ReportFacts` per report."""

    entities: dict[str, dict]
    commitments: dict[str, dict]
    reports: list[ReportFacts]


def load_curation(folder: Path | None = None) -> Curation:
    """Read and check every fact file in ``folder`` (default: those shipped in ``tipkg.graph.facts``)."""
    entities: dict[str, dict] = {}
    commitments: dict[str, dict] = {}
    reports: list[ReportFacts] = []
    files = sorted(folder.glob("*.toml")) if folder is not None else assets.fact_files()
    for resource in files:
        try:
            data = tomllib.loads(resource.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise BuildError(f"{resource.name}: {error}") from error
        if resource.name == "_entities.toml":
            entities = _registry(resource.name, data, "entity", ENTITY_KEYS)
        elif resource.name == "_commitments.toml":
            commitments = _registry(resource.name, data, "commitment", COMMITMENT_KEYS)
        else:
            reports.append(_report(resource.name, data))
    curation = Curation(entities, commitments, reports)
    _check_references(curation)
    return curation


def _registry(name: str, data: dict, section: str, keys) -> dict[str, dict]:
    items: dict[str, dict] = {}
    for index, entry in enumerate(data.get(section, [])):
        _check_keys(f"{name} [[{section}]] #{index + 1}", entry, keys)
        if entry["id"] in items:
            raise BuildError(f"{name}: duplicate id {entry['id']!r}")
        items[entry["id"]] = entry
    return items


def _report(name: str, data: dict) -> ReportFacts:
    if "document" not in data:
        raise BuildError(f"{name}: missing [document] table")
    _check_keys(f"{name} [document]", data["document"], DOCUMENT_KEYS)
    report = ReportFacts(name, data["document"])
    for section, entries in data.items():
        if section == "document":
            continue
        known = REPORT_SECTIONS.get(section) or DRAFT_ONLY_SECTIONS.get(section)
        if known is None:
            raise BuildError(f"{name}: unknown section [[{section}]]; known: {', '.join(sorted(REPORT_SECTIONS))}")
        published = []
        for index, entry in enumerate(entries):
            where = f"{name} [[{section}]] #{index + 1}"
            if not isinstance(entry.get("draft", False), bool):
                raise BuildError(f"{where}: draft must be true or false")
            if entry.get("draft"):
                # a draft may still lack keys (the curator fills them); it may not carry unknown ones
                _check_keys(where, entry, (frozenset(), known.required | known.optional | DRAFT_KEYS))
                report.drafts.setdefault(section, []).append(entry)
                continue
            if section not in REPORT_SECTIONS:
                raise BuildError(f"{where}: [[{section}]] entries can only be drafts for now (draft = true)")
            _check_keys(where, entry, (known.required, known.optional | DRAFT_KEYS))
            published.append(entry)
        if published:
            report.sections[section] = published
    return report


def _check_keys(where: str, entry: dict, keys: tuple[frozenset[str], frozenset[str]]) -> None:
    required, optional = keys
    missing = required - entry.keys()
    unknown = entry.keys() - required - optional
    if missing:
        raise BuildError(f"{where}: missing {', '.join(sorted(missing))}")
    if unknown:
        raise BuildError(f"{where}: unknown key {', '.join(sorted(unknown))}")


def _check_references(curation: Curation) -> None:
    """Every ``kind/slug`` a fact names must be a registered entity (or a fact of the build)."""
    known = set(curation.entities)
    for report in curation.reports:
        local = {f"document/{report.slug}"}
        local |= {f"observation/{o['id']}" for o in report.entries("observation")}
        local |= {f"quote/{q['id']}" for q in report.entries("quote")}
        local |= {f"speech/{q['id']}" for q in report.entries("speech")}
        local |= {f"statement/{q['id']}" for q in report.entries("statement")}
        for key in ("publisher", "relays"):
            _expect(report.name, report.document.get(key), known)
        _expect(report.name, report.document["dateline"]["place"], known)
        for section in SECTIONS:
            for entry in report.entries(section.name):
                for key in section.refs:
                    _expect(report.name, entry.get(key), known)
                for value in entry.get("props", {}).values():
                    if isinstance(value, str) and value.startswith("@"):
                        _expect(report.name, value[1:], known)
        for entry in report.entries("commitment"):
            if entry["ref"] not in curation.commitments:
                raise BuildError(f"{report.name}: unknown commitment {entry['ref']!r}")
        for entry in report.entries("note"):
            _expect(report.name, entry["about"], known | local | {f"commitment/{c}" for c in curation.commitments})
            if "compares" in entry:
                _expect(report.name, entry["compares"], {f"observation/{o['id']}" for r in curation.reports for o in r.entries("observation")})
    for entity in curation.entities.values():
        for value in entity.get("props", {}).values():
            if isinstance(value, str) and value.startswith("@"):
                _expect("_entities.toml", value[1:], known)
    for commitment in curation.commitments.values():
        for ref in commitment.get("beneficiaries", []) + [commitment.get("committed_by")]:
            _expect("_commitments.toml", ref, known)


def _expect(where: str, ref: str | None, known: set[str]) -> None:
    if ref is not None and ref not in known:
        raise BuildError(f"{where}: unknown reference {ref!r}")
