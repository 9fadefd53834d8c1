"""The menu in the diner's language: `?lang=` resolves every text (category, item, description,
option group, option) for one of the branch's languages, falling back to the chain's default
language's text, then the base text; each language has its own version and ETag; owners keep
the texts per language through the staff menu's bodies, checked like the base texts."""
from __future__ import annotations

import pytest

from tests.integration.test_diner_entry import header

DOWNTOWN = "br_downtown-lima"
MENU = f"/staff/branches/{DOWNTOWN}/menu"
OWNER = "owner@demo.comanda"


def menu_in(api, lang: str | None) -> dict:
    reply = api.get("/branches/downtown-lima/menu" + (f"?lang={lang}" if lang else ""))
    assert reply.status == 200, reply.body
    return reply.body


def items_of(menu: dict) -> dict[str, dict]:
    return {item["id"]: item for category in menu["categories"] for item in category["items"]}


def refusal(reply) -> tuple:
    return reply.status, reply.error["code"], reply.error.get("field")


def test_the_menu_speaks_spanish_when_asked(api):
    menu = menu_in(api, "es")

    assert menu["language"] == "es"
    assert [c["name"] for c in menu["categories"]][:4] == ["Entradas", "Platos de fondo", "Postres", "Bebidas"]
    ceviche = items_of(menu)["ceviche-clasico"]
    assert ceviche["description"].startswith("Corvina fresca curada al momento")
    lomo = items_of(menu)["lomo-a-la-parrilla"]
    assert [g["name"] for g in lomo["optionGroups"]] == ["Término", "Adicionales"]
    assert [o["name"] for o in lomo["optionGroups"][0]["options"]] == ["Jugoso", "Tres cuartos jugoso", "A punto", "Bien cocido"]
    assert "translations" not in ceviche  # resolved: the diner's phone downloads one language
    assert ceviche["price"] == 3800  # prices do not change with the language


def test_english_and_no_lang_are_the_chains_default_language(api):
    english, default = menu_in(api, "en"), menu_in(api, None)

    assert english["language"] == default["language"] == "en"
    assert [c["name"] for c in english["categories"]][:2] == ["Appetizers", "Main Course"]
    assert items_of(english)["lomo-a-la-parrilla"]["optionGroups"][0]["name"] == "Doneness"
    assert english["categories"] == default["categories"]


def test_each_language_has_its_own_version_and_etag(api):
    spanish = api.get("/branches/downtown-lima/menu?lang=es")
    english = api.get("/branches/downtown-lima/menu?lang=en")

    assert spanish.body["version"] != english.body["version"]
    assert header(spanish, "ETag") != header(english, "ETag")
    # and a phone's validator for one language does not answer for the other
    again = api.get("/branches/downtown-lima/menu?lang=en", headers={"If-None-Match": header(spanish, "ETag")})
    assert again.status == 200 and again.body["language"] == "en"
    same = api.get("/branches/downtown-lima/menu?lang=es", headers={"If-None-Match": header(spanish, "ETag")})
    assert same.status == 304


def test_lang_composes_with_other_query_parameters(api):
    reply = api.get("/branches/downtown-lima/menu?v=anything&lang=es")

    assert reply.status == 200 and reply.body["language"] == "es"


@pytest.mark.parametrize("lang", ["fr", "xx", "e", "es-PE-x-long-tag", "<b>", "ES1"])
def test_a_language_the_branch_does_not_offer_is_refused_naming_lang(api, lang):
    reply = api.get(f"/branches/downtown-lima/menu?lang={lang}")

    assert refusal(reply) == (400, "INVALID_INPUT", "lang")


def test_a_missing_translation_falls_back_to_the_default_language(api):
    token = api.login(OWNER)
    made = api.post(f"{MENU}/items", {"categoryId": "cat_drinks", "name": "Emoliente", "price": 900,
                                       "description": "Hot barley and herb tea"}, token=token)
    assert made.status == 201, made.body

    spanish = items_of(menu_in(api, "es"))[made.body["id"]]

    assert (spanish["name"], spanish["description"]) == ("Emoliente", "Hot barley and herb tea")


def test_owners_save_texts_per_language_and_read_them_back(api):
    token = api.login(OWNER)
    body = {
        "categoryId": "cat_drinks", "name": "Herbal tea", "price": 900, "description": "Hot barley and herbs",
        "translations": {"es": {"name": "Emoliente", "description": "Infusión caliente de cebada y hierbas"}},
        "optionGroups": [{"id": "size", "name": "Size", "required": True, "translations": {"es": {"name": "Tamaño"}},
                          "options": [{"id": "cup", "name": "Cup", "translations": {"es": {"name": "Taza"}}},
                                      {"id": "jug", "name": "Jug", "priceDelta": 600}]}],
    }
    made = api.post(f"{MENU}/items", body, token=token)
    assert made.status == 201, made.body
    assert made.body["translations"] == {"es": {"name": "Emoliente", "description": "Infusión caliente de cebada y hierbas"}}

    # The staff menu keeps the base texts and every translation, for the editor
    staff = items_of(api.get(MENU, token=token).body)[made.body["id"]]
    assert staff["name"] == "Herbal tea"
    assert staff["translations"]["es"]["name"] == "Emoliente"
    assert staff["optionGroups"][0]["translations"] == {"es": {"name": "Tamaño"}}
    assert staff["optionGroups"][0]["options"][1]["translations"] == {}

    # The Spanish diner reads them; an option without a Spanish name keeps its own
    spanish = items_of(menu_in(api, "es"))[made.body["id"]]
    assert (spanish["name"], spanish["description"]) == ("Emoliente", "Infusión caliente de cebada y hierbas")
    assert [o["name"] for o in spanish["optionGroups"][0]["options"]] == ["Taza", "Jug"]

    # A PATCH replaces the item's texts in other languages
    patched = api.patch(f"{MENU}/items/{made.body['id']}", {"translations": {"es": {"name": "Emoliente limeño"}}}, token=token)
    assert patched.status == 200, patched.body
    assert items_of(menu_in(api, "es"))[made.body["id"]]["name"] == "Emoliente limeño"


def test_category_names_per_language(api):
    token = api.login(OWNER)
    made = api.post(f"{MENU}/categories", {"name": "Soups", "translations": {"es": {"name": "Sopas"}}}, token=token)
    assert made.status == 201, made.body

    renamed = api.patch(f"{MENU}/categories/{made.body['id']}", {"translations": {"es": {"name": "Sopas criollas"}}}, token=token)
    assert renamed.status == 200 and renamed.body["translations"] == {"es": {"name": "Sopas criollas"}}


@pytest.mark.parametrize(("body", "field"), [
    ({"translations": {"fr": {"name": "Tisane"}}}, "translations.fr"),
    ({"translations": {"ES": {"name": "Tisana"}}}, "translations.ES"),
    ({"translations": {"es": {"name": "x" * 81}}}, "translations.es.name"),
    ({"translations": {"es": {"description": "x" * 501}}}, "translations.es.description"),
    ({"translations": {"es": {"name": "   "}}}, "translations.es.name"),
    ({"translations": {"es": {"title": "Tisana"}}}, "translations.es.title"),
    ({"translations": {"es": "Tisana"}}, "translations.es"),
    ({"optionGroups": [{"id": "g", "name": "Size", "options": [{"id": "o", "name": "Cup",
                                                              "translations": {"de": {"name": "Tasse"}}}]}]},
     "optionGroups[0].options[0].translations.de"),
])
def test_bad_translations_are_refused_naming_the_field(api, body, field):
    token = api.login(OWNER)

    reply = api.patch(f"{MENU}/items/pisco-sour", body, token=token)

    assert refusal(reply) == (400, "INVALID_INPUT", field)


def test_a_category_in_an_unknown_language_is_refused(api):
    reply = api.post(f"{MENU}/categories", {"name": "Soups", "translations": {"it": {"name": "Zuppe"}}},
                     token=api.login(OWNER))

    assert refusal(reply) == (400, "INVALID_INPUT", "translations.it")


def test_openapi_describes_lang_and_the_translations_of_the_bodies(api):
    document = api.get("/openapi.json").body
    menu = document["paths"]["/branches/{slug}/menu"]["get"]
    assert {"name": "lang", "in": "query", "required": False, "schema": {"type": "string"}} in menu["parameters"]
    schemas = document["components"]["schemas"]
    for body in ("ItemBody", "ItemPatchBody", "CategoryBody", "CategoryPatchBody", "OptionGroupBody", "OptionBody"):
        assert "translations" in schemas[body]["properties"], body
