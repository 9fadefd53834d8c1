// @ts-check
/** Money arrives as integer minor units with the branch's currency; shown with Intl. */

/** @type {Map<string, Intl.NumberFormat>} */
const formats = new Map();

/** @param {string} currency @param {string} locale */
function format(currency, locale) {
  const key = `${locale}|${currency}`;
  let found = formats.get(key);
  if (!found) {
    found = new Intl.NumberFormat(locale, { style: "currency", currency });
    formats.set(key, found);
  }
  return found;
}

/**
 * @param {number} minorUnits  e.g. 3800
 * @param {string} currency    e.g. "PEN"
 * @param {string} [locale]    e.g. "es-PE"
 * @returns {string}           e.g. "S/ 38.00"
 */
export function formatMoney(minorUnits, currency, locale = document.documentElement.lang || "en") {
  const formatter = format(currency, locale);
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  return formatter.format(minorUnits / 10 ** digits);
}
