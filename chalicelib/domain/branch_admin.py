"""The owner's back office for branches and tables (issue 18): what a branch's settings may be,
the codes and labels of tables, and the runs of tables added at once ("T41–T46", "Terrace 1–6")."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from zoneinfo import ZoneInfo, available_timezones

from .errors import InvalidInput

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")          # the diner URL's first segment (diner/router.js)
TABLE_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")  # its second
LANGUAGES = ("es", "en")  # the languages the pages are written in
CURRENCIES = ("PEN", "USD", "EUR", "MXN", "COP", "CLP", "ARS", "BRL", "BOB", "UYU", "GBP")
NAME_MAX, ADDRESS_MAX, LABEL_MAX = 80, 200, 40
MAX_TABLES_AT_ONCE = 50
MAX_TABLES_PER_BRANCH = 300
MAX_SEATS = 40
# "T41–T46", "T41-46", "Terrace 1–6", "Bar 1 - Bar 4": a prefix, a first number, a dash of any kind, the last
_RANGE = re.compile(r"^(?P<prefix>.*?)(?P<first>\d{1,4})\s*[-\u2010-\u2015\u2212]\s*(?P<again>.*?)(?P<last>\d{1,4})$")


def check_slug(slug: str) -> str:
    clean = slug.strip().lower()
    if not SLUG.match(clean):
        raise InvalidInput("slug: lowercase letters, digits and dashes (up to 63), as in the QR codes' addresses",
                           field="slug")
    return clean


def check_timezone(name: str) -> str:
    clean = name.strip()
    if clean not in _zones():
        raise InvalidInput(f"timezone: {clean!r} is not an IANA time zone such as America/Lima", field="timezone")
    ZoneInfo(clean)
    return clean


def _zones() -> set[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = available_timezones() | {"UTC"}
    return _ZONES


_ZONES: set[str] | None = None


def check_currency(code: str) -> str:
    clean = code.strip().upper()
    if clean not in CURRENCIES:
        raise InvalidInput(f"currency: one of {', '.join(CURRENCIES)}", field="currency")
    return clean


def check_languages(languages: list[str]) -> list[str]:
    clean = list(dict.fromkeys(language.strip().lower() for language in languages))
    if not clean or any(language not in LANGUAGES for language in clean):
        raise InvalidInput(f"languages: one or more of {', '.join(LANGUAGES)}, the first the default", field="languages")
    return clean


def check_table_code(code: str, field: str = "code") -> str:
    clean = code.strip()
    if not TABLE_CODE.match(clean):
        raise InvalidInput(f"{field}: letters, digits, '-' and '_' (up to 32, starting with a letter or digit), "
                           "as printed in the table's QR address", field=field)
    return clean


@dataclass(frozen=True)
class NewTable:
    code: str
    label: str


def tables_in_run(run: str) -> list[NewTable]:
    """The tables a run names: "T41–T46" is T41…T46 (labels the same), "Terrace 1–6" is codes
    Terrace1…Terrace6 labelled "Terrace 1"…"Terrace 6". The second prefix, if written, must be
    the first's; at most MAX_TABLES_AT_ONCE, counting up."""
    found = _RANGE.match(run.strip())
    if not found:
        raise InvalidInput("range: a first and a last table such as T41-T46 or Terrace 1-6", field="range")
    prefix, again = found["prefix"], found["again"].strip()
    if again and again != prefix.strip():
        raise InvalidInput(f"range: the last table must have the first's name ({prefix.strip() or 'a number'})",
                           field="range")
    first, last = int(found["first"]), int(found["last"])
    if last < first:
        raise InvalidInput("range: the last number must not be below the first", field="range")
    if last - first + 1 > MAX_TABLES_AT_ONCE:
        raise InvalidInput(f"range: at most {MAX_TABLES_AT_ONCE} tables at once", field="range")
    width = len(found["first"]) if found["first"].startswith("0") else 0
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", prefix) if not unicodedata.combining(ch))
    code_prefix = re.sub(r"[^A-Za-z0-9_-]", "", plain)  # "Salón 1" is code Salon1
    tables = []
    for number in range(first, last + 1):
        digits = str(number).zfill(width)
        tables.append(NewTable(code=check_table_code(f"{code_prefix}{digits}", "range"), label=f"{prefix}{digits}"))
    return tables
