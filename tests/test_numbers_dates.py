import datetime as dt
from decimal import Decimal

import pytest

from tipkg.errors import BuildError
from tipkg.graph.dates import weekday_dates
from tipkg.graph.numbers import is_worded_as_approximate, parse_indonesian_number


@pytest.mark.parametrize(
    "text, value",
    [("1.138", Decimal(1138)), ("2.061", Decimal(2061)), ("1.000.000", Decimal(1000000)), ("2,5", Decimal("2.5")), ("15", Decimal(15)), ("1.234,75", Decimal("1234.75"))],
)
def test_indonesian_numbers(text, value):
    assert parse_indonesian_number(text) == value


@pytest.mark.parametrize("text", ["1,138.5", "1.13", "abc", "", "12.3456"])
def test_not_indonesian_numbers(text):
    with pytest.raises(BuildError):
        parse_indonesian_number(text)


@pytest.mark.parametrize(
    "before, approximate",
    [("menangani sekitar ", True), ("hampir ", True), ("kurang lebih ", True), ("menangani ", False), ("sebanyak ", False), ("lebih ", False)],
)
def test_approximate_wording(before, approximate):
    assert is_worded_as_approximate(before) is approximate


def test_weekday_dates_in_every_written_form():
    text = "Rabu, 10 Mei 2023 … Senin (15/5/2023) … Senin, 15 Mei … pada Selasa, 4 Agustus 2023"
    found = weekday_dates(text, 2023)
    assert [(d.date, d.matches) for d in found] == [
        (dt.date(2023, 5, 10), True),
        (dt.date(2023, 5, 15), True),
        (dt.date(2023, 5, 15), True),
        (dt.date(2023, 8, 4), False),
    ]
    assert found[3].actual_weekday == "Jumat"
    assert text[found[3].start:found[3].end] == "Selasa, 4 Agustus 2023"
    assert found[2].year_stated is False
