// @ts-check
/** Money arrives as integer minor units with the branch's currency; shown with Intl. */

/**
 * Intl's formatters, and the locales they are made for, are built once per currency and language:
 * each is a lookup in the browser's locale data (a menu of 40 dishes formats its prices on every
 * redraw; building them each time was most of the menu's first render on a slow phone).
 * @type {Map<string, {formatter: Intl.NumberFormat, digits: number}>}
 */
const formats = new Map();
/** @type {Map<string, string>} */
const locales = new Map();

/** @param {string} currency @param {string} locale */
function format(currency, locale) {
  const key = `${locale}|${currency}`;
  let found = formats.get(key);
  if (!found) {
    const formatter = new Intl.NumberFormat(locale, { style: "currency", currency });
    found = { formatter, digits: formatter.resolvedOptions().maximumFractionDigits ?? 2 };
    formats.set(key, found);
  }
  return found;
}

/**
 * The locale a branch writes its prices in: its currency's country's (PEN → "es-PE", so a Lima
 * branch reads "S/ 38.00" whether the page speaks Spanish or English, as its diners expect); a
 * currency of no one country (EUR, the X codes) follows the page's language.
 * @param {string} currency  e.g. "PEN"
 * @param {string} pageLanguage  e.g. "en"
 * @returns {string}
 */
export function moneyLocale(currency, pageLanguage) {
  const key = `${currency}|${pageLanguage}`;
  let locale = locales.get(key);
  if (locale === undefined) {
    locale = regionLocale(currency, pageLanguage);
    locales.set(key, locale);
  }
  return locale;
}

/** @param {string} currency @param {string} pageLanguage */
function regionLocale(currency, pageLanguage) {
  const region = currency.slice(0, 2).toUpperCase();
  if (!/^[A-Z]{2}$/.test(region) || region === "EU" || region.startsWith("X")) return pageLanguage;
  try {
    return `${new Intl.Locale(`und-${region}`).maximize().language}-${region}`;
  } catch {
    return pageLanguage;
  }
}

/**
 * @param {number} minorUnits  e.g. 3800
 * @param {string} currency    e.g. "PEN"
 * @param {string} [locale]    e.g. "es-PE" (default: the currency's country's, see moneyLocale)
 * @returns {string}           e.g. "S/ 38.00"
 */
export function formatMoney(minorUnits, currency, locale = moneyLocale(currency, document.documentElement.lang || "en")) {
  const { formatter, digits } = format(currency, locale);
  return formatter.format(minorUnits / 10 ** digits);
}
