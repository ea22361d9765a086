"""Curated facts against their sources: the text and metadata.csv."""

from __future__ import annotations

import datetime as dt

import pytest

from tipkg.errors import BuildError
from tipkg.graph import crosschecks
from tipkg.graph.curation import Curation, ReportFacts
from tipkg.graph.report_graph import ReportMeta

TEXT = "Jakarta, Rabu, 10 Mei 2023 — Pada Selasa, 4 Agustus 2023 polisi menangani sekitar 1.138 kasus."
CURATION = Curation(
    entities={
        "organization/kompas": {"id": "organization/kompas", "label": {"en": "Kompas", "id": "Kompas"}},
        "place/jakarta": {"id": "place/jakarta", "label": {"en": "Jakarta", "id": "Jakarta"}},
    },
    commitments={},
    reports=[],
)


def _report(**document) -> ReportFacts:
    return ReportFacts("kompas-2023-05-11.toml", {"file": "kompas-2023-05-11.txt", "dateline": {"place": "place/jakarta"}, **document})


def _meta(**fields) -> ReportMeta:
    return ReportMeta(**({"publisher": "Kompas", "dateline": "Jakarta", "date_in_text": None, "headline": "", "language": "id"} | fields))


def test_headline_is_found_at_its_first_occurrence_or_fails():
    assert crosschecks.headline_at(_report(), TEXT + " Rabu", _meta(headline="Rabu")) == TEXT.index("Rabu")
    with pytest.raises(BuildError, match="kompas-2023-05-11.toml: headline from metadata.csv is not in the text: 'Kamis'"):
        crosschecks.headline_at(_report(), TEXT, _meta(headline="Kamis"))


def test_publisher_must_match_metadata_csv():
    crosschecks.check_publisher(_report(publisher="organization/kompas"), _meta(), CURATION)
    crosschecks.check_publisher(_report(), _meta(publisher=""), CURATION)
    with pytest.raises(BuildError, match=r"publisher 'organization/kompas' does not match metadata.csv \('Tempo'\)"):
        crosschecks.check_publisher(_report(publisher="organization/kompas"), _meta(publisher="Tempo"), CURATION)
    with pytest.raises(BuildError, match="publisher None does not match"):
        crosschecks.check_publisher(_report(), _meta(), CURATION)


def test_dateline_place_must_match_metadata_csv():
    crosschecks.check_dateline(_report(), _meta(dateline="jakarta"), CURATION)
    with pytest.raises(BuildError, match=r"dateline place 'place/jakarta' does not match metadata.csv \('Labuan Bajo'\)"):
        crosschecks.check_dateline(_report(), _meta(dateline="Labuan Bajo"), CURATION)


@pytest.mark.parametrize(
    "entry, message",
    [
        ({"value": "1.138", "quote": "sekitar 1.138 kasus", "approximate": True}, None),
        ({"value": "1.138", "quote": "menangani 1.138 kasus"}, None),
        ({"value": "1.841", "quote": "sekitar 1.138 kasus", "approximate": True}, "value '1.841' is not in its quote"),
        ({"value": "1.138", "quote": "sekitar 1.138 kasus"}, "approximate=False but the text marks the figure approximate"),
        ({"value": "1.138", "quote": "menangani 1.138 kasus", "approximate": True}, "approximate=True but the text does not mark"),
    ],
)
def test_an_observation_stands_in_its_quote_and_is_approximate_as_worded(entry, message):
    entry = {"id": "cases", **entry}
    if message is None:
        crosschecks.check_observation(_report(), entry)
    else:
        with pytest.raises(BuildError, match=f"kompas-2023-05-11.toml observation cases: {message}"):
            crosschecks.check_observation(_report(), entry)


def test_only_wrong_weekdays_are_returned_with_their_warning():
    report = _report()
    found = crosschecks.weekday_mismatches(report, TEXT, _meta())
    assert [TEXT[f.start:f.end] for f in found] == ["Selasa, 4 Agustus 2023"]  # "Rabu, 10 Mei 2023" was a Wednesday
    assert crosschecks.weekday_warning(report, TEXT, found[0]) == (
        "kompas-2023-05-11.txt: 'Selasa, 4 Agustus 2023' — 2023-08-04 was a Jumat, not a Selasa"
    )


def test_a_date_without_a_year_takes_the_reports_year():
    text = "Senin, 15 Mei"  # a Monday in 2023, a Wednesday in 2024
    assert crosschecks.weekday_mismatches(_report(), text, _meta()) == []  # year from the slug
    assert len(crosschecks.weekday_mismatches(_report(), text, _meta(date_in_text=dt.date(2024, 1, 1)))) == 1
