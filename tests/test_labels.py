"""The wording of minted labels, in English and Indonesian."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tipkg.graph import labels
from tipkg.graph.dates import WeekdayDate

KAO = {"en": "Kao Kim Hourn", "id": "Kao Kim Hourn"}
SECRETARY_GENERAL = {"en": "Secretary-General of ASEAN", "id": "Sekretaris Jenderal ASEAN"}
INDONESIA = {"en": "Indonesia", "id": "Indonesia"}


def test_a_report_is_named_by_its_headline_or_else_by_its_dateline():
    assert labels.report_by_headline("KTT ASEAN") == {"en": "News report: KTT ASEAN", "id": "Berita: KTT ASEAN"}
    assert labels.report_by_dateline({"en": "Antara", "id": "Antara"}, "Labuan Bajo", "2023-05") == {
        "en": "News report by Antara, Labuan Bajo, 2023-05",
        "id": "Berita Antara, Labuan Bajo, 2023-05",
    }
    assert labels.report_by_dateline(None, "Jakarta", "2023-05")["id"] == "Berita tanpa nama penerbit, Jakarta, 2023-05"


def test_fact_labels_use_each_languages_entity_label():
    assert labels.membership(KAO, SECRETARY_GENERAL) == {
        "en": "Kao Kim Hourn as Secretary-General of ASEAN",
        "id": "Kao Kim Hourn sebagai Sekretaris Jenderal ASEAN",
    }
    assert labels.relation(INDONESIA, "urges-completion-of", {"en": "the treaty", "id": "perjanjian"}) == {
        "en": "Indonesia urges completion of the treaty",
        "id": "Indonesia — urges completion of — perjanjian",
    }
    assert labels.country_role(INDONESIA, "asean-chair") == {"en": "Indonesia: asean chair", "id": "Indonesia: asean chair"}
    assert labels.affirmation("access-to-justice")["en"] == "Affirmation of the victims' right: access to justice"
    assert labels.note("figures-disagree") == {"en": "Data-quality note: figures disagree", "id": "Catatan kualitas data: figures-disagree"}


def test_an_observation_label_writes_the_figure_the_way_each_language_does():
    cases = {"en": "Cases", "id": "Kasus"}
    assert labels.observation(cases, INDONESIA, Decimal("2.5"), "2,5", False) == {"en": "Cases: 2.5 (Indonesia)", "id": "Kasus: 2,5 (Indonesia)"}
    assert labels.observation(cases, INDONESIA, Decimal(1841), "1.841", True)["en"] == "Cases: about 1,841 (Indonesia)"


def test_a_long_quote_is_cut_to_sixty_characters():
    short = "Kita harus bersatu"
    assert labels.quote(KAO, short)["en"] == f"Kao Kim Hourn: “{short}”"
    long = "kata " * 20
    cut = labels.quote(KAO, long)["id"].removeprefix("Kao Kim Hourn: “").removesuffix("”")
    assert len(cut) <= labels.QUOTE_CHARS and cut.endswith("…") and long.startswith(cut[:-1])


def test_a_wrong_weekday_is_explained_in_both_languages():
    found = WeekdayDate(0, 22, "Selasa", dt.date(2023, 8, 4), True)
    comment = labels.weekday_comment("Selasa, 4 Agustus 2023", found)
    assert comment["en"] == "The text dates this 'Selasa, 4 Agustus 2023', but 2023-08-04 was a Friday (Jumat), not a Selasa."
    assert comment["id"] == "Teks menulis 'Selasa, 4 Agustus 2023', padahal 2023-08-04 jatuh pada hari Jumat, bukan Selasa."
