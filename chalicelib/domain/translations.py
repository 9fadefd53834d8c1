"""Menu texts per language: each category, item, option group and option keeps its base text
(in the chain's default language) and a `translations` map ({"es": {"name": ..., "description": ...}}).
A diner's menu is resolved for one language: that language's text, else the default language's
translation, else the base text."""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from .errors import InvalidInput

Translations = dict[str, dict[str, str]]

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
MAX_LANGUAGES = 10


def text_in(base: str, translations: Mapping[str, Mapping[str, str]] | None, key: str,
            language: str | None, default: str | None) -> str:
    """The text of `key` ("name", "description") for `language`, falling back to the default
    language's translation, then to the base text."""
    for code in (language, default):
        if code and translations:
            found = (translations.get(code) or {}).get(key)
            if found:
                return found
    return base


def check_translations(translations: Mapping[str, object] | None, languages: Sequence[str], field: str) -> None:
    """Only the chain's languages may carry texts (400 naming `field.xx` otherwise)."""
    for code in translations or {}:
        if code not in languages:
            raise InvalidInput(
                f"{code!r} is not one of this chain's languages ({', '.join(languages) or 'none'}).",
                field=f"{field}.{code}")


def menu_language(wanted: str | None, languages: Sequence[str]) -> str | None:
    """The language a menu is served in: the one asked for (`?lang=`), which must be one of the
    branch's, else its default (the first); None for a branch without languages."""
    if wanted is None or wanted == "":
        return languages[0] if languages else None
    code = wanted.strip().lower()
    if not LANGUAGE_CODE.match(code):
        raise InvalidInput("lang must be a language code such as 'es' or 'en'.", field="lang")
    if code not in languages:
        raise InvalidInput(f"This branch's menu is in {', '.join(languages) or 'no language'}, not {code!r}.",
                           field="lang")
    return code
