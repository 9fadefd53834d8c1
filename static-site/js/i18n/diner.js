// @ts-check
/**
 * Every text of the diner's pages, one module per language (i18n/diner-en.js, diner-es.js, with
 * the same keys): a phone downloads the texts of the language it shows, and another one only
 * when the diner switches to it.
 */

/** The diner's languages, by code, with their names in themselves (the switch offers the other). */
export const DINER_LANGUAGES = /** @type {Record<string, string>} */ ({ en: "English", es: "Español" });

/** @type {Record<string, () => Promise<{texts: Record<string, string>}>>} */
const MODULES = { en: () => import("./diner-en.js"), es: () => import("./diner-es.js") };

/** @param {string} code  one of DINER_LANGUAGES @returns {Promise<Record<string, string>>} */
export async function loadDinerTexts(code) {
  return (await MODULES[code]()).texts;
}
