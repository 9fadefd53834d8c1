// @ts-check
/**
 * Every text on every page goes through one small dictionary per audience
 * (js/i18n/diner-en.js and diner-es.js, js/i18n/staff.js): `t("cart.placeOrder")`, with {name} parameters.
 * The language comes from the user's choice, else the phone's, limited to the branch's.
 */

/** @typedef {Record<string, Record<string, string>>} Dictionary  language -> key -> text */

const STORAGE_KEY = "comanda.language";
/** @type {Dictionary} */
let dictionary = {};
let language = "en";

/** @param {Dictionary} entries */
export function useDictionary(entries) {
  dictionary = entries;
}

/** Adds one language's texts (loaded when first needed) to the dictionary. @param {string} code @param {Record<string, string>} texts */
export function addLanguage(code, texts) {
  dictionary = { ...dictionary, [code]: texts };
}

/** @param {string} code */
export function hasLanguage(code) {
  return Boolean(dictionary[code]);
}

/**
 * The user's choice, else the phone's language, among the branch's that have texts; else the
 * first of the branch's with texts; else English.
 * @param {string[]} available  the branch's languages, e.g. ["es", "en"]
 * @param {string[]} [known]  the languages with texts (default: those in the dictionary)
 * @returns {string}
 */
export function preferredLanguage(available, known = Object.keys(dictionary)) {
  const stored = localStorage.getItem(STORAGE_KEY);
  const wanted = [stored, ...navigator.languages.map((l) => l.slice(0, 2))].filter(Boolean);
  const match = wanted.find((l) => available.includes(/** @type {string} */ (l)) && known.includes(/** @type {string} */ (l)));
  return match || available.find((l) => known.includes(l)) || "en";
}

/**
 * @param {string[]} available  the branch's languages, e.g. ["es", "en"]
 * @returns {string}
 */
export function chooseLanguage(available) {
  setLanguage(preferredLanguage(available));
  return language;
}

/** @param {string} next @param {boolean} [remember] */
export function setLanguage(next, remember = false) {
  language = dictionary[next] ? next : "en";
  document.documentElement.lang = language;
  if (remember) localStorage.setItem(STORAGE_KEY, language);
}

export function currentLanguage() {
  return language;
}

/**
 * @param {string} key
 * @param {Record<string, string | number>} [params]
 */
export function t(key, params = {}) {
  const text = dictionary[language]?.[key] ?? dictionary.en?.[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ""));
}

/** Fills every [data-i18n] element's text (and [data-i18n-label] aria-labels) under root. @param {ParentNode} [root] */
export function translate(root = document) {
  root.querySelectorAll("[data-i18n]").forEach((el) => {
    el.textContent = t(/** @type {string} */ (el.getAttribute("data-i18n")));
  });
  root.querySelectorAll("[data-i18n-placeholder]").forEach((el) => {
    el.setAttribute("placeholder", t(/** @type {string} */ (el.getAttribute("data-i18n-placeholder"))));
  });
  root.querySelectorAll("[data-i18n-label]").forEach((el) => {
    el.setAttribute("aria-label", t(/** @type {string} */ (el.getAttribute("data-i18n-label"))));
  });
}
