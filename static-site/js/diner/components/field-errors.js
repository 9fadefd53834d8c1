// @ts-check
/** .field__error: the API's per-field messages under their inputs (sign-in and profile forms). */

/**
 * Writes each field's message (or clears it) and marks its input invalid.
 * @param {Record<string, {input: HTMLElement, error: HTMLElement}>} fields
 * @param {Record<string, string>} errors   field name -> message
 * @returns {HTMLElement | null}            the first invalid input, to focus
 */
export function showFieldErrors(fields, errors) {
  let firstInvalid = null;
  for (const [name, { input, error }] of Object.entries(fields)) {
    const text = errors[name] ?? "";
    error.textContent = text;
    if (text) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
    if (text && !firstInvalid) firstInvalid = input;
  }
  return firstInvalid;
}
