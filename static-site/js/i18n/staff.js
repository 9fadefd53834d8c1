// @ts-check
/** Every text of the staff pages (POS, Tables, Menu, QR) and the kitchen display: one module per language. */
import { texts as en } from "./staff-en.js";
import { texts as es } from "./staff-es.js";

/** @type {import("../lib/i18n.js").Dictionary} */
export const staffDictionary = { en, es };
