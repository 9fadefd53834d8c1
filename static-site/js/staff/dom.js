// @ts-check
/** The staff and kitchen pages' DOM helpers: the shared ones, and the button events. */
export { h, append, replace, emit } from "../lib/dom.js";
import { emit } from "../lib/dom.js";

/**
 * A button that disables itself while the controller works on its action: the event's
 * detail carries `done()`, called when the request settles.
 * @param {HTMLButtonElement} button @param {string} name @param {Record<string, unknown>} detail
 */
export function emitFromButton(button, name, detail) {
  button.disabled = true;
  emit(button, name, { ...detail, done: () => { button.disabled = false; } });
}
