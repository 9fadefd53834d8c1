"""The one check of text people type (chalicelib/domain/text.py) and its use by every string
field of every request body (chalicelib/api/schemas.py)."""
from __future__ import annotations

import inspect
import typing
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import AfterValidator, BaseModel

from chalicelib.api import schemas
from chalicelib.domain.text import BIDI_CONTROLS, InvalidText, clean_text


@pytest.mark.parametrize("typed, stored", [
    ("Ana", "Ana"),
    ("Jose\u0301", "Jos\u00e9"),  # NFC: one é, as another phone would type it
    ("  Ana  ", "Ana"),
    ("\u200bAna\u200d\ufeff", "Ana"),  # zero-width at the ends
    ("\u200eAna\u200f", "Ana"),  # bidi marks at the ends
    ("Ana \u202eLuis\u202c", "Ana Luis"),  # bidi overrides anywhere
    ("Jose\u202e\u0301", "Jos\u00e9"),  # normalised once they are gone
    ("\u2066Ana\u2069", "Ana"),  # isolates
    ("Ana\tLuis", "Ana Luis"),
    ("👩\u200d🍳 Ana", "👩\u200d🍳 Ana"),  # a joiner inside an emoji stays
    ("Маша", "Маша"),
    ("محمد", "محمد"),
])
def test_single_line_text_is_cleaned(typed, stored):
    assert clean_text(typed) == stored


@pytest.mark.parametrize("typed", ["Ana\x00", "\x1b[31mAna", "Ana\x07", "A\x7f", "A\x85", "A\x9b", "A\x08"])
def test_control_characters_are_refused(typed):
    with pytest.raises(InvalidText, match="control characters"):
        clean_text(typed)
    with pytest.raises(InvalidText, match="control characters"):
        clean_text(typed, multiline=True, required=False)


@pytest.mark.parametrize("typed", ["", "   ", "\u200b\u200b", "\u2060", "\ufeff", "\u3164", "\u2800",
                                   "\u202e", "\u200d\u200c", "\u00ad", " \u0301 "])
def test_text_with_nothing_visible_is_empty(typed):
    with pytest.raises(InvalidText, match="must not be empty"):
        clean_text(typed)
    assert clean_text(typed, multiline=True, required=False) == ""


def test_a_line_break_is_refused_in_one_line_text_and_kept_in_notes():
    with pytest.raises(InvalidText, match="one line"):
        clean_text("Ana\nLuis")
    assert clean_text("no onions\r\nno nuts\rplease \n", multiline=True) == "no onions\nno nuts\nplease"
    with pytest.raises(InvalidText):
        clean_text("no onions\u2028no nuts", multiline=True)


def _annotations(annotation) -> typing.Iterator:
    yield annotation
    for inner in typing.get_args(annotation):
        yield from _annotations(inner)


def _guards(annotation) -> set[str]:
    """What constrains a str field: 'free_text', 'pattern' or 'literal'."""
    found = set()
    for part in _annotations(annotation):
        if typing.get_origin(part) is typing.Literal:
            found.add("literal")
        for meta in getattr(part, "__metadata__", ()):
            if isinstance(meta, AfterValidator) and getattr(meta.func, "free_text", False):
                found.add("free_text")
            if getattr(meta, "pattern", None):
                found.add("pattern")
    return found


def _str_fields() -> list[tuple[str, object]]:
    fields = []
    for name, model in inspect.getmembers(schemas, inspect.isclass):
        if issubclass(model, BaseModel) and model.__module__ == schemas.__name__:
            for field_name, field in model.model_fields.items():
                annotation = typing.Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
                if str in set(_annotations(annotation)):
                    fields.append((f"{name}.{field_name}", annotation))
    return fields


def test_every_string_field_of_every_body_is_free_text_or_a_pattern():
    fields = _str_fields()
    assert len(fields) > 20
    unguarded = [name for name, annotation in fields
                 if not _guards(annotation) and name.split(".")[1] not in schemas.OPAQUE_FIELDS]
    assert unguarded == [], "use schemas.Name / Notes / Description (free_text) or a pattern"


def test_every_body_refuses_a_control_character_in_any_string_even_without_free_text():
    class Later(schemas.Body):  # a field added without the text types
        code: str
        password: str = ""

    with pytest.raises(ValueError, match="code: must not contain control characters"):
        Later.model_validate({"code": "12\x0034"})
    assert Later.model_validate({"code": "1234", "password": "p\x00ss"}).password == "p\x00ss"  # opaque, hashed


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40), st.booleans())
def test_whatever_is_typed_is_refused_or_stored_clean_and_cleaning_again_changes_nothing(typed, multiline):
    try:
        stored = clean_text(typed, multiline=multiline, required=False)
    except InvalidText:
        return
    assert not any(unicodedata.category(ch) == "Cc" and ch != "\n" for ch in stored)
    assert not (BIDI_CONTROLS & set(stored))
    assert multiline or "\n" not in stored
    assert stored == stored.strip() and unicodedata.is_normalized("NFC", stored)
    assert clean_text(stored, multiline=multiline, required=False) == stored
