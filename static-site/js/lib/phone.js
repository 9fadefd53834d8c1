// @ts-check
/** A phone number as people read it: "+51987654321" -> "+51 987 654 321". */

/** Country calling codes of one or two digits (ITU E.164 list); the others have three. */
const SHORT_CODES = new Set(["1", "7", "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
  "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66", "81", "82",
  "84", "86", "90", "91", "92", "93", "94", "95", "98"]);

/**
 * The country code, then the number in groups of three (a last group of one joins the one before).
 * Anything that is not E.164 ("+" and 8 to 15 digits) is given back as it came.
 * @param {string} phone
 */
export function formatPhone(phone) {
  const match = /^\+(\d{8,15})$/.exec(phone.replace(/[\s-]/g, ""));
  if (!match) return phone;
  const digits = match[1];
  const codeLength = SHORT_CODES.has(digits.slice(0, 1)) ? 1 : SHORT_CODES.has(digits.slice(0, 2)) ? 2 : 3;
  const rest = digits.slice(codeLength);
  const groups = rest.match(/\d{1,3}/g) ?? [];
  if (groups.length > 1 && groups[groups.length - 1].length === 1) groups.splice(-2, 2, groups[groups.length - 2] + groups[groups.length - 1]);
  return `+${digits.slice(0, codeLength)} ${groups.join(" ")}`;
}
