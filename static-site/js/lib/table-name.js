// @ts-check
/**
 * A table's name as every page shows it: a numbered table reads in the page's language
 * ("Table 33" / "Mesa 33"), whatever its stored label says ("T33", "Table 33", "Mesa 33");
 * any other label ("Terraza", "Barra 2") is the name the branch gave it, shown as it is.
 * The one helper of the staff pages: POS, Tables, KDS, QR codes, the close and void dialogs.
 */
import { t } from "./i18n.js";

const NUMBERED = /^\s*(?:t|table|mesa)\s*0*(\d+)\s*$/i;

/**
 * @param {string} code   the table's code, e.g. "T33"
 * @param {string | null} [label]  its stored label, when the page knows it
 * @returns {string}
 */
export function tableName(code, label) {
  const given = (label ?? "").trim();
  const numbered = NUMBERED.exec(given || code);
  if (numbered) return t("table.name", { n: numbered[1] });
  return given || code;
}
