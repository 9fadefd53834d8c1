// @ts-check
/** Reading the menu forms: prices typed in the currency's units, tags typed as a list. Pure. */

/** @param {string} currency @returns {number} the currency's minor digits (PEN: 2, JPY: 0) */
export function minorDigits(currency) {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/**
 * "38.50" or "38,50" -> 3850 (PEN); null for anything that is not a price.
 * @param {string} text @param {string} currency @returns {number | null}
 */
export function parsePrice(text, currency) {
  const cleaned = text.trim().replace(/\s/g, "").replace(",", ".");
  const digits = minorDigits(currency);
  const pattern = digits > 0 ? new RegExp(`^\\d{1,7}(\\.\\d{0,${digits}})?$`) : /^\d{1,9}$/;
  if (!pattern.test(cleaned)) return null;
  const [whole, fraction = ""] = cleaned.split(".");
  return Number(whole) * 10 ** digits + Number((fraction + "0".repeat(digits)).slice(0, digits) || "0");
}

/** 3850 -> "38.50" (what the price input shows). @param {number} minor @param {string} currency */
export function priceInput(minor, currency) {
  const digits = minorDigits(currency);
  return digits ? (minor / 10 ** digits).toFixed(digits) : String(minor);
}

/** "spicy, Vegan ,, gluten-free" -> ["spicy", "Vegan", "gluten-free"] @param {string} text */
export function parseTags(text) {
  const seen = new Set();
  return text.split(",").map((tag) => tag.trim()).filter((tag) => {
    const key = tag.toLowerCase();
    if (!tag || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The allergens API.md knows (the EU's fourteen). */
export const ALLERGENS = ["gluten", "crustaceans", "eggs", "fish", "peanuts", "soy", "milk", "nuts", "celery",
  "mustard", "sesame", "sulphites", "lupin", "molluscs"];

export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"];
