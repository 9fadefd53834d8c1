// @ts-check
/**
 * The diner's URLs (fixed by the product): /{branchSlug}/{tableCode}[/waiting|/menu|/menu/{itemId}|/cart|/status|/profile].
 * parseRoute and pathFor are pure; startRouter wires links and the back button to the controller.
 */

/**
 * @typedef {"landing" | "notFound" | "entry" | "waiting" | "menu" | "item" | "cart" | "status" | "profile"} PageName
 * @typedef {{page: PageName, slug: string, code: string, itemId?: string}} Route
 */

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/i;
const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
const PAGES = new Set(["waiting", "menu", "cart", "status", "profile"]);

/**
 * @param {string} pathname
 * @returns {Route}
 */
export function parseRoute(pathname) {
  const parts = pathname.split("/").filter(Boolean).map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return "\u0000";
    }
  });
  if (parts.length === 0) return { page: "landing", slug: "", code: "" };
  const [slug, code, page, itemId, ...rest] = parts;
  if (!SLUG.test(slug) || !code || !CODE.test(code) || rest.length) return { page: "notFound", slug: "", code: "" };
  if (page === undefined) return { page: "entry", slug, code };
  if (page === "menu" && itemId) return { page: "item", slug, code, itemId };
  if (PAGES.has(page) && itemId === undefined) return { page: /** @type {PageName} */ (page), slug, code };
  return { page: "notFound", slug, code };
}

/**
 * @param {{slug: string, code: string}} table
 * @param {PageName} page
 * @param {string} [itemId]
 */
export function pathFor(table, page, itemId) {
  const base = `/${encodeURIComponent(table.slug)}/${encodeURIComponent(table.code)}`;
  if (page === "entry") return base;
  if (page === "item") return `${base}/menu/${encodeURIComponent(itemId ?? "")}`;
  return `${base}/${page}`;
}

/**
 * Same-origin links marked [data-link] move without a page load; the back button too.
 * @param {(route: Route, how: "push" | "pop") => void} onRoute
 * @returns {{navigate: (path: string, options?: {replace?: boolean}) => void}}
 */
export function startRouter(onRoute) {
  /** @param {string} path @param {{replace?: boolean}} [options] */
  function navigate(path, { replace = false } = {}) {
    if (path === location.pathname && !replace) return;
    history.replaceState({ ...(history.state || {}), scrollY: window.scrollY }, "");
    const from = parseRoute(location.pathname).page;
    if (replace) history.replaceState({ from: history.state?.from }, "", path);
    else history.pushState({ from }, "", path);
    onRoute(parseRoute(location.pathname), "push");
  }

  document.addEventListener("click", (event) => {
    const link = /** @type {Element | null} */ (event.target instanceof Element ? event.target.closest("a[data-link]") : null);
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const url = new URL(/** @type {HTMLAnchorElement} */ (link).href);
    if (url.origin !== location.origin) return;
    event.preventDefault();
    navigate(url.pathname);
  });
  window.addEventListener("popstate", () => onRoute(parseRoute(location.pathname), "pop"));
  return { navigate };
}
