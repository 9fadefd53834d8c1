// @ts-check
/**
 * Every text on every page goes through one small dictionary per audience
 * (js/i18n/diner.js, js/i18n/staff.js): `t("cart.placeOrder")`, with {name} parameters.
 * The language comes from the user's choice, else the phone's, limited to the branch's.
 */

/** @typedef {Record<string, Record<string, string>>} Dictionary  language -> key -> text */

const STORAGE_KEY = "comanda.language";
/** @type {Dictionary} */
let dictionary = { en: {} };
let language = "en";

/** @param {Dictionary} entries */
export function useDictionary(entries) {
  dictionary = entries;
}

/**
 * @param {string[]} available  the branch's languages, e.g. ["es", "en"]
 * @returns {string}
 */
export function chooseLanguage(available) {
  const stored = localStorage.getItem(STORAGE_KEY);
  const wanted = [stored, ...navigator.languages.map((l) => l.slice(0, 2))].filter(Boolean);
  const match = wanted.find((l) => available.includes(/** @type {string} */ (l)) && dictionary[/** @type {string} */ (l)]);
  setLanguage(match || available.find((l) => dictionary[l]) || "en");
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

/** Fills every [data-i18n] element's text (and [data-i18n-label] aria-labels) under root. */
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
