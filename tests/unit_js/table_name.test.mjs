// node --test tests/unit_js: one name for a table on every page, in the page's language (issue 16, defect 7).
import { test } from "node:test";
import assert from "node:assert/strict";

import { setLanguage, useDictionary } from "../../static-site/js/lib/i18n.js";
import { staffDictionary } from "../../static-site/js/i18n/staff.js";
import { tableName } from "../../static-site/js/lib/table-name.js";

globalThis.document = /** @type {any} */ ({ documentElement: { lang: "" } });

/** @param {import("../../static-site/js/lib/i18n.js").Dictionary} dictionary @param {string} language */
function speak(dictionary, language) {
  useDictionary(dictionary);
  setLanguage(language);
}

test("a numbered table reads 'Mesa n' in Spanish whatever its stored label says", () => {
  speak(staffDictionary, "es");
  assert.equal(tableName("T33", "Table 33"), "Mesa 33");
  assert.equal(tableName("T33", "T33"), "Mesa 33");
  assert.equal(tableName("T33", "table33"), "Mesa 33");
  assert.equal(tableName("T7", "Mesa 07"), "Mesa 7");
  assert.equal(tableName("T33"), "Mesa 33", "the code alone (the kitchen knows no labels)");
  assert.equal(tableName("T33", ""), "Mesa 33");
});

test("the same tables read 'Table n' in English", () => {
  speak(staffDictionary, "en");
  assert.equal(tableName("T33", "Table 33"), "Table 33");
  assert.equal(tableName("T33", "Mesa 33"), "Table 33");
  assert.equal(tableName("T40"), "Table 40");
});

test("a table the branch named is shown as named, in any language", () => {
  speak(staffDictionary, "es");
  assert.equal(tableName("B2", "Barra 2"), "Barra 2");
  assert.equal(tableName("TERR", "Terrace"), "Terrace");
  assert.equal(tableName("Terraza"), "Terraza");
  assert.equal(tableName("T33", "Table 33 (window)"), "Table 33 (window)", "only a bare number is a numbered table");
  assert.equal(tableName("VIP"), "VIP");
});
