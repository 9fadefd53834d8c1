// node --test tests/unit_js: menu texts per language and prices as the branch writes them.
import { test } from "node:test";
import assert from "node:assert/strict";

import { itemIn, textIn } from "../../static-site/js/lib/menu-text.js";
import { formatMoney, moneyLocale } from "../../static-site/js/lib/money.js";
import {
  applyOptionTranslations, optionTranslationsText, translationLabel, withTexts,
} from "../../static-site/js/staff/menu-forms.js";

const nbsp = (text) => text.replace(/\u00a0/g, " ");

test("a text in a language, else the default language's, else the base text", () => {
  const translations = { es: { name: "Postres" }, en: { name: "Sweets" } };
  assert.equal(textIn("Desserts", translations, "name", "es", "en"), "Postres");
  assert.equal(textIn("Desserts", { en: { name: "Sweets" } }, "name", "es", "en"), "Sweets");
  assert.equal(textIn("Desserts", {}, "name", "es", "en"), "Desserts");
  assert.equal(textIn("Desserts", undefined, "description", "es"), "Desserts");
});

test("a live push's item is resolved to the diner's language, option names too", () => {
  const pushed = {
    id: "lomo", name: "Grilled steak", description: "Charcoal", price: 6200,
    translations: { es: { name: "Lomo a la parrilla", description: "Al carbón" } },
    optionGroups: [{ id: "d", name: "Doneness", translations: { es: { name: "Término" } },
      options: [{ id: "r", name: "Rare", translations: { es: { name: "Jugoso" } } }, { id: "w", name: "Well done", translations: {} }] }],
  };
  const spanish = itemIn(pushed, "es", "en");
  assert.equal(spanish.name, "Lomo a la parrilla");
  assert.equal(spanish.description, "Al carbón");
  assert.equal(spanish.optionGroups[0].name, "Término");
  assert.deepEqual(spanish.optionGroups[0].options.map((o) => o.name), ["Jugoso", "Well done"]);
  assert.equal("translations" in spanish, false);
  assert.equal(itemIn(pushed, "en", "en").name, "Grilled steak");
  const bare = { id: "x", price: 100 };
  assert.equal(itemIn(bare, "es"), bare);  // an availability push: nothing to resolve
});

test("a Peruvian branch's prices read S/ 38.00 whatever the page's language", () => {
  assert.equal(moneyLocale("PEN", "en"), "es-PE");
  assert.equal(moneyLocale("PEN", "es"), "es-PE");
  assert.equal(moneyLocale("USD", "es"), "en-US");
  assert.equal(moneyLocale("EUR", "es"), "es");  // no one country: the page's language
  assert.equal(nbsp(formatMoney(3800, "PEN", moneyLocale("PEN", "en"))), "S/ 38.00");
  assert.equal(nbsp(formatMoney(6950, "PEN", moneyLocale("PEN", "es"))), "S/ 69.50");
  assert.equal(nbsp(formatMoney(3800, "JPY", moneyLocale("JPY", "en"))), "￥3,800");
});

test("the locales and formatters kept between calls keep each currency and language apart", () => {
  assert.equal(moneyLocale("EUR", "es"), "es");
  assert.equal(moneyLocale("EUR", "en"), "en");  // the same currency, another page language
  assert.equal(moneyLocale("PEN", "en"), "es-PE");
  assert.equal(nbsp(formatMoney(3800, "PEN", "es-PE")), "S/ 38.00");
  assert.equal(nbsp(formatMoney(3800, "USD", "es-PE")), "USD 38.00");  // the same locale, another currency
  assert.equal(nbsp(formatMoney(3800, "JPY", "en-JP")), "¥3,800");  // no minor digits, kept with its formatter
  assert.equal(nbsp(formatMoney(3800, "PEN", "es-PE")), "S/ 38.00");  // asked again
});

test("the owner's texts per language: blanks left out, a language emptied goes", () => {
  assert.deepEqual(withTexts({ en: { name: "Soups" } }, "es", { name: " Sopas ", description: "" }),
    { en: { name: "Soups" }, es: { name: "Sopas" } });
  assert.deepEqual(withTexts({ es: { name: "Sopas" } }, "es", { name: "" }), {});
  assert.equal(translationLabel("name", "es"), "Nombre · español");
  assert.equal(translationLabel("description", "en"), "Description · English");
});

test("option names per language are read and written one group per line, in order", () => {
  const groups = [
    { id: "size", name: "Size", minChoices: 1, maxChoices: 1, options: [{ id: "cup", name: "Cup", priceDelta: 0 }, { id: "bowl", name: "Bowl", priceDelta: 800 }] },
    { id: "extra", name: "Extras", minChoices: 0, maxChoices: 2, options: [{ id: "egg", name: "Egg", priceDelta: 300 }] },
  ];
  assert.equal(optionTranslationsText(groups, "es"), "");
  const named = applyOptionTranslations(groups, "Tamaño: Taza, Plato hondo\nAdicionales: Huevo", "es");
  assert.ok("groups" in named);
  assert.deepEqual(named.groups[0].translations, { es: { name: "Tamaño" } });
  assert.deepEqual(named.groups[0].options.map((o) => o.translations), [{ es: { name: "Taza" } }, { es: { name: "Plato hondo" } }]);
  assert.equal(named.groups[1].options[0].priceDelta, 300);
  assert.equal(optionTranslationsText(named.groups, "es"), "Tamaño: Taza, Plato hondo\nAdicionales: Huevo");
  assert.deepEqual(applyOptionTranslations(groups, "Tamaño: Taza\nAdicionales: Huevo", "es"), { error: { line: 1, problem: "count" } });
  assert.deepEqual(applyOptionTranslations(groups, "Tamaño: Taza, Plato hondo", "es"), { error: { line: 2, problem: "count" } });
  assert.deepEqual(applyOptionTranslations(groups, "Tamaño Taza, Plato\nAdicionales: Huevo", "es"), { error: { line: 1, problem: "syntax" } });
  const cleared = applyOptionTranslations(named.groups, "  ", "es");
  assert.ok("groups" in cleared);
  assert.deepEqual(cleared.groups[0].translations, {});
});
