// @ts-check
/**
 * Building elements for every page. Strings always become text nodes (textContent), never
 * HTML: a name or a note such as `<img src=x onerror=...>` shows as the characters typed.
 */

/** @typedef {Node | string | number | null | undefined | false} Child */

/**
 * h("button", {class: "button", type: "button", onclick: handler}, ["Approve"])
 * `class`, `text`, `value`, `on<event>` handlers; true -> attribute present, false/null -> absent.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, any>} [props]
 * @param {Child | Child[]} [children]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props = {}, children = []) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") element.className = value;
    else if (name === "text") element.textContent = String(value);
    else if (name === "value") /** @type {HTMLInputElement} */ (element).value = String(value);
    else if (name.startsWith("on") && typeof value === "function") element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

/** @param {Element} parent @param {Child | Child[]} children */
export function append(parent, children) {
  for (const child of Array.isArray(children) ? children : [children]) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === "object" ? child : String(child));
  }
}

/** @param {Element} parent @param {Child | Child[]} children */
export function replace(parent, children) {
  parent.replaceChildren();
  append(parent, children);
}

/**
 * Sends an action up to the controller as a verb-named DOM event.
 * @param {Element} from @param {string} name @param {unknown} [detail]
 */
export function emit(from, name, detail) {
  from.dispatchEvent(new CustomEvent(name, { bubbles: true, detail }));
}
