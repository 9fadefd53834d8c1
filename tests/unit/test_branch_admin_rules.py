"""The rules of the back office (issue 18): runs of tables, slugs, time zones, currencies, languages."""
from __future__ import annotations

import pytest

from chalicelib.domain.branch_admin import (
    NewTable,
    check_currency,
    check_languages,
    check_slug,
    check_timezone,
    tables_in_run,
)
from chalicelib.domain.errors import InvalidInput


@pytest.mark.parametrize(("run", "first", "count"), [
    ("T41–T46", NewTable("T41", "T41"), 6),
    ("T41-46", NewTable("T41", "T41"), 6),
    ("Terrace 1–6", NewTable("Terrace1", "Terrace 1"), 6),
    ("Bar 1 - Bar 4", NewTable("Bar1", "Bar 1"), 4),
    ("01-03", NewTable("01", "01"), 3),
    ("T7-T7", NewTable("T7", "T7"), 1),
    ("Salón 1-2", NewTable("Salon1", "Salón 1"), 2),  # the code keeps what a QR address may hold; the label all
])
def test_a_run_names_its_tables(run, first, count):
    tables = tables_in_run(run)
    assert tables[0] == first and len(tables) == count


@pytest.mark.parametrize("run", ["T46-T41", "T1-T51", "T1-X3", "Terrace", "", "T1–"])
def test_a_bad_run_is_refused_naming_range(run):
    with pytest.raises(InvalidInput) as refused:
        tables_in_run(run)
    assert refused.value.field == "range"


def test_branch_fields():
    assert check_slug(" San-Isidro ") == "san-isidro"
    assert check_timezone("America/Lima") == "America/Lima"
    assert check_currency("pen") == "PEN"
    assert check_languages(["en", "es", "en"]) == ["en", "es"]
    for check, bad, field in [(check_slug, "san isidro", "slug"), (check_timezone, "Lima", "timezone"),
                              (check_currency, "XXX", "currency"), (check_languages, [], "languages"),
                              (check_languages, ["fr"], "languages")]:
        with pytest.raises(InvalidInput) as refused:
            check(bad)
        assert refused.value.field == field
