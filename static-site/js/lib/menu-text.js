// @ts-check
/**
 * Menu texts in one language. The diner's menu arrives resolved (GET .../menu?lang=); a live
 * push (`menu.item.updated`) carries the base texts with their `translations`, and is resolved
 * here the same way the server does: the language's text, else the default language's, else
 * the base text.
 */

/** @typedef {Record<string, {name?: string, description?: string}>} Translations */

/**
 * @param {string} base  the text as entered (the chain's default language)
 * @param {Translations | undefined} translations
 * @param {"name" | "description"} key
 * @param {string} language @param {string} [fallback]  the chain's default language
 */
export function textIn(base, translations, key, language, fallback) {
  for (const code of [language, fallback]) {
    const found = code ? translations?.[code]?.[key] : undefined;
    if (found) return found;
  }
  return base;
}

/**
 * An item as a push carries it, with its name, description and option names in `language`.
 * @template {{name?: string, description?: string, translations?: Translations, optionGroups?: any[]}} T
 * @param {T} item @param {string} language @param {string} [fallback]
 * @returns {T}
 */
export function itemIn(item, language, fallback) {
  if (!item.translations) return item;
  const { translations, ...rest } = item;
  /** @type {any} */
  const out = { ...rest };
  if (typeof item.name === "string") out.name = textIn(item.name, translations, "name", language, fallback);
  if (typeof item.description === "string") out.description = textIn(item.description, translations, "description", language, fallback);
  if (Array.isArray(item.optionGroups)) {
    out.optionGroups = item.optionGroups.map((group) => ({
      ...group, name: textIn(group.name, group.translations, "name", language, fallback), translations: undefined,
      options: (group.options ?? []).map((/** @type {any} */ option) => ({
        ...option, name: textIn(option.name, option.translations, "name", language, fallback), translations: undefined })),
    }));
  }
  return out;
}
