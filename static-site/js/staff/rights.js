// @ts-check
/**
 * What the staff pages show, from the sign-in answer's `permissions` (domain/staff.py's
 * Permission values, worked out by the server): no role is compared here. The server checks
 * every request again; this only hides what would be refused.
 */

/** @typedef {{permissions: readonly string[]} | null | undefined} Held */

/** The permission each page takes. */
export const PAGE_PERMISSIONS = /** @type {const} */ ({
  pos: "view_floor",
  tables: "view_floor",
  qr: "view_floor",
  menu: "edit_menu",
  kitchen: "view_orders",
  admin: "manage_staff",  // the back office (/staff/admin/...): staff accounts (issue 18)
  branches: "manage_tables", // staff/admin/branches.html: branches (owners) and tables (issue 18)
  reports: "view_reports", // staff/reports.html: the reports (issue 19), owners and managers
});

/** @param {Held} signIn @param {string} permission */
export function holds(signIn, permission) {
  return Boolean(signIn && signIn.permissions.includes(permission));
}

/** @param {Held} signIn @param {string} page */
export function mayOpen(signIn, page) {
  const permission = /** @type {Record<string, string>} */ (PAGE_PERMISSIONS)[page];
  return Boolean(permission) && holds(signIn, permission);
}

/**
 * The menu page's controls: the chain's shared catalogue (an owner's, or a manager's of every
 * branch: `edit_catalogue`), the branch's own prices, and the one-tap 86.
 * @param {Held} signIn
 * @returns {import("./menu-page.js").MenuRights}
 */
export function menuRights(signIn) {
  return {
    catalogue: holds(signIn, "edit_catalogue"),
    price: holds(signIn, "edit_menu"),
    availability: holds(signIn, "set_availability"),
  };
}
