"""The rules of menu texts per language (domain/translations.py)."""
from __future__ import annotations

import pytest

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.menu import BranchMenu, Category, MenuItem
from chalicelib.domain.translations import check_translations, menu_language, text_in

LANGUAGES = ["en", "es"]


def test_a_text_falls_back_to_the_default_language_then_to_the_base_text():
    translations = {"es": {"name": "Postres"}, "en": {"name": "Sweets", "description": "After dinner"}}
    assert text_in("Desserts", translations, "name", "es", "en") == "Postres"
    assert text_in("", translations, "description", "es", "en") == "After dinner"
    assert text_in("Desserts", {"es": {"name": ""}}, "name", "es", "en") == "Desserts"
    assert text_in("Desserts", {}, "name", "es", None) == "Desserts"


@pytest.mark.parametrize(("wanted", "served"), [(None, "en"), ("", "en"), ("es", "es"), ("ES", "es"), (" en ", "en")])
def test_the_menu_language_is_one_the_branch_offers_or_its_default(wanted, served):
    assert menu_language(wanted, LANGUAGES) == served


@pytest.mark.parametrize("wanted", ["fr", "e", "spanish", "es-PE", "e1", "<x>"])
def test_any_other_language_is_refused_naming_lang(wanted):
    with pytest.raises(InvalidInput) as refused:
        menu_language(wanted, LANGUAGES)
    assert refused.value.field == "lang"


def test_translations_only_in_the_chains_languages():
    check_translations({"es": {"name": "Sopas"}}, LANGUAGES, "translations")
    with pytest.raises(InvalidInput) as refused:
        check_translations({"es": {}, "pt": {"name": "Sopas"}}, LANGUAGES, "optionGroups[0].translations")
    assert refused.value.field == "optionGroups[0].translations.pt"


def test_each_language_has_its_own_version_and_a_new_translation_changes_them():
    category = Category(id="c", chain_id="ch", name="Desserts", translations={"es": {"name": "Postres"}})
    item = MenuItem(id="i", chain_id="ch", category_id="c", name="Flan", description="", price=900)
    menu = BranchMenu.compose("b", "PEN", [category], [item], [])
    english, spanish = menu.version_tag("en"), menu.version_tag("es")
    assert english != spanish
    item.translations = {"es": {"name": "Flan de la casa"}}
    again = BranchMenu.compose("b", "PEN", [category], [item], [], now=menu.now)
    assert again.version_tag("es") != spanish and again.version_tag("en") != english
