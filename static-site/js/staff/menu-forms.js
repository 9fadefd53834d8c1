// @ts-check
/** Reading the menu forms: prices typed in the currency's units, tags typed as a list. Pure. */
import { currentLanguage } from "../lib/i18n.js";

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

export { ALLERGENS } from "../lib/allergens.js";

/**
 * @typedef {Record<string, {name?: string, description?: string}>} Translations  {"es": {"name": "Postres"}}
 * @typedef {{id: string, name: string, priceDelta: number, translations?: Translations}} OptionSpec
 * @typedef {{id: string, name: string, minChoices: number, maxChoices: number, options: OptionSpec[], required?: boolean,
 *   translations?: Translations}} GroupSpec
 */

/** The name each language calls itself (the labels of the translation fields). */
export const LANGUAGE_NAMES = /** @type {Record<string, string>} */ ({ es: "español", en: "English" });

/** A translation field's label in its own language, as the owner typing it reads it ("Nombre · español"). */
const TEXT_WORDS = /** @type {Record<string, Record<"name" | "description" | "options", string>>} */ ({
  es: { name: "Nombre", description: "Descripción", options: "Opciones" },
  en: { name: "Name", description: "Description", options: "Options" },
});

/** @param {"name" | "description" | "options"} text @param {string} language */
export function translationLabel(text, language) {
  return `${(TEXT_WORDS[language] ?? TEXT_WORDS.en)[text]} · ${LANGUAGE_NAMES[language] ?? language}`;
}

/**
 * A text's translations with one language's texts put in (blank texts left out; a language
 * with none left goes). @param {Translations | undefined} translations @param {string} language
 * @param {{name?: string, description?: string}} texts @returns {Translations}
 */
export function withTexts(translations, language, texts) {
  const kept = Object.fromEntries(Object.entries(texts).map(([key, value]) => [key, (value ?? "").trim()]).filter(([, value]) => value));
  const { [language]: _old, ...others } = translations ?? {};
  return Object.keys(kept).length ? { ...others, [language]: kept } : others;
}

/**
 * The groups' names in `language`, one line per group as the options field reads
 * (`Término: Jugoso, A punto`); "" when none of them has one yet.
 * @param {GroupSpec[]} groups @param {string} language
 */
export function optionTranslationsText(groups, language) {
  const named = groups.some((g) => g.translations?.[language]?.name || g.options.some((o) => o.translations?.[language]?.name));
  if (!named) return "";
  return groups.map((g) => `${g.translations?.[language]?.name || g.name}: ${g.options.map((o) => o.translations?.[language]?.name || o.name).join(", ")}`).join("\n");
}

/**
 * The groups with their names in `language` read from `text`: the same groups and options, in
 * the same order, one line per group. An empty text takes that language's names away.
 * @param {GroupSpec[]} groups @param {string} text @param {string} language
 * @returns {{groups: GroupSpec[]} | {error: {line: number, problem: "syntax" | "count"}}}
 */
export function applyOptionTranslations(groups, text, language) {
  const lines = text.split("\n").map((line) => line.trim()).filter(Boolean);
  if (!lines.length) {
    return { groups: groups.map((g) => ({ ...g, translations: withTexts(g.translations, language, {}),
      options: g.options.map((o) => ({ ...o, translations: withTexts(o.translations, language, {}) })) })) };
  }
  if (lines.length !== groups.length) return { error: { line: Math.min(lines.length, groups.length) + 1, problem: "count" } };
  /** @type {GroupSpec[]} */
  const out = [];
  for (const [index, line] of lines.entries()) {
    const match = /^([^:]+?)\s*:\s*(.+)$/.exec(line);
    if (!match) return { error: { line: index + 1, problem: "syntax" } };
    const names = match[2].split(",").map((part) => part.trim());
    const group = groups[index];
    if (names.length !== group.options.length || names.some((name) => !name)) return { error: { line: index + 1, problem: "count" } };
    out.push({ ...group, translations: withTexts(group.translations, language, { name: match[1] }),
      options: group.options.map((o, n) => ({ ...o, translations: withTexts(o.translations, language, { name: names[n] }) })) });
  }
  return { groups: out };
}

/** "Medium rare" -> "medium-rare"; ids the API accepts ([A-Za-z0-9_.:-]). @param {string} name */
export function slugOf(name) {
  const slug = name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  return slug.slice(0, 64) || "option";
}

const REQUIRED_WORDS = new Set(["required", "obligatorio"]);
const OPTIONAL_WORDS = new Set(["optional", "opcional"]);

/**
 * One line per option group, as staff type it:
 *   `Doneness (required, choose 1): Rare, Medium, Well done`
 *   `Extras (up to 3): Fried egg +3.00, Avocado +4.50`
 * Rules in brackets: required | optional, `choose N`, `up to N`, `N to M` (Spanish: obligatorio,
 * opcional, elige N, hasta N, N a M). Ids keep those of `previous` groups and options of the
 * same name, so a rename of one option leaves the others' ids alone.
 * @param {string} text @param {string} currency @param {GroupSpec[]} [previous]
 * @returns {{groups: GroupSpec[]} | {error: {line: number, problem: "syntax" | "rule" | "price" | "empty"}}}
 */
export function parseOptionGroups(text, currency, previous = []) {
  /** @type {GroupSpec[]} */
  const groups = [];
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index].trim();
    if (!line) continue;
    const number = index + 1;
    const match = /^([^:()]+?)\s*(?:\(([^)]*)\))?\s*:\s*(.+)$/.exec(line);
    if (!match) return { error: { line: number, problem: "syntax" } };
    const [, groupName, rules = "", optionText] = match;
    let required = false;
    let min = null;
    let max = null;
    let exact = false;
    for (const rule of rules.split(",").map((r) => r.trim().toLowerCase()).filter(Boolean)) {
      let found;
      if (REQUIRED_WORDS.has(rule)) required = true;
      else if (OPTIONAL_WORDS.has(rule)) required = false;
      else if ((found = /^(?:choose|elige)\s+(\d+)$/.exec(rule))) { max = Number(found[1]); exact = true; }
      else if ((found = /^(?:up to|hasta)\s+(\d+)$/.exec(rule))) { max = Number(found[1]); }
      else if ((found = /^(\d+)\s*(?:to|a|-)\s*(\d+)$/.exec(rule))) { min = Number(found[1]); max = Number(found[2]); }
      else return { error: { line: number, problem: "rule" } };
    }
    const before = previous.find((g) => g.name.toLowerCase() === groupName.toLowerCase());
    /** @type {OptionSpec[]} */
    const options = [];
    for (const part of optionText.split(",").map((p) => p.trim()).filter(Boolean)) {
      const priced = /^(.+?)\s*\+\s*(\S.*)$/.exec(part);
      const optionName = priced ? priced[1] : part;
      const delta = priced ? parsePrice(priced[2], currency) : 0;
      if (delta === null) return { error: { line: number, problem: "price" } };
      const known = before?.options.find((o) => o.name.toLowerCase() === optionName.toLowerCase());
      options.push({ id: known?.id ?? slugOf(optionName), name: optionName, priceDelta: delta });
    }
    if (!options.length) return { error: { line: number, problem: "empty" } };
    const maxChoices = max ?? 1;
    const minChoices = min ?? (required ? (exact ? maxChoices : 1) : 0);
    if (maxChoices < 1 || maxChoices > options.length || minChoices > maxChoices || (required && minChoices < 1)) {
      return { error: { line: number, problem: "rule" } };
    }
    groups.push({ id: before?.id ?? slugOf(groupName), name: groupName, minChoices, maxChoices, options });
  }
  return { groups };
}

/** The rules' words parseOptionGroups reads, in each language the staff pages speak. */
const RULE_WORDS = {
  en: { required: "required", optional: "optional", choose: "choose", upTo: "up to", to: "to" },
  es: { required: "obligatorio", optional: "opcional", choose: "elige", upTo: "hasta", to: "a" },
};

/**
 * The groups back as the lines parseOptionGroups reads, its rules in the page's language (the
 * Spanish page's hint and example say "obligatorio, elige 1"; both languages read back).
 * @param {GroupSpec[]} groups @param {string} currency @param {string} [language]
 */
export function optionGroupsText(groups, currency, language = currentLanguage()) {
  const words = RULE_WORDS[/** @type {"en" | "es"} */ (language)] ?? RULE_WORDS.en;
  return groups.map((group) => {
    const rules = [group.minChoices > 0 ? words.required : words.optional];
    if (group.minChoices > 0 && group.minChoices === group.maxChoices) rules.push(`${words.choose} ${group.maxChoices}`);
    else if (group.minChoices > 1) rules.push(`${group.minChoices} ${words.to} ${group.maxChoices}`);
    else rules.push(`${words.upTo} ${group.maxChoices}`);
    const options = group.options.map((o) => (o.priceDelta ? `${o.name} +${priceInput(o.priceDelta, currency)}` : o.name));
    return `${group.name} (${rules.join(", ")}): ${options.join(", ")}`;
  }).join("\n");
}

export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"];
