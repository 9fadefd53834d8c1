// @ts-check
/**
 * The diner app's one state object: `app.state` is what the pages are drawn from (data down);
 * the rest of `app` is what the controller's modules share (the table's storage, the live
 * connection, the page shown, the lazily loaded parts). Nothing else in diner/ keeps mutable
 * module-level state.
 */
import { emptyCart } from "./cart.js";
import { parseRoute } from "./router.js";

/**
 * @typedef {import("./router.js").Route} Route
 * @typedef {import("./router.js").PageName} PageName
 * @typedef {import("./cart.js").Cart} Cart
 * @typedef {import("./orders.js").SessionView} SessionView
 * @typedef {{id: string, name: string, description: string, price: number, imageUrl: string | null,
 *   thumbUrl: string | null, available: boolean, tags: string[], allergens: string[],
 *   optionGroups?: import("./cart.js").OptionGroup[], ageRestricted?: boolean,
 *   staffAvailable?: boolean, served?: string, servedFrom?: string | null, servedUntil?: string | null,
 *   pausedUntil?: string | null, timing?: import("./timing.js").Timing}} MenuItem
 * @typedef {{currency: string, categories: {id: string, name: string, items: MenuItem[]}[], branch?: {timezone?: string},
 *   language?: string | null, revision?: string | null}} Menu  `language`: the one its texts are in; `revision`: the menu write it is at (its cacheable URL's `v`)
 * @typedef {{branch: {id: string, slug: string, name: string, currency: string, languages: string[], timezone?: string,
 *   orderSafety?: {approvalThreshold?: number | null}}, table: {code: string, label: string}}} Place
 * @typedef {Place & {activeSession: {status: string, startedAt: string} | null, chain?: {name: string}}} TableEntry  the public answer: names nobody
 * @typedef {{id: string, status: "waiting" | "allowed" | "declined" | "expired", name?: string, expiresAt?: string}} JoinView
 * @typedef {{id: string, name: string, createdAt?: string, busy?: boolean}} JoinAsk  someone asking to join this phone's table
 * @typedef {{sending: boolean, errors: Record<string, string>, message: string | null}} FormState
 *
 * @typedef {object} DinerState
 * @property {Route} route
 * @property {Place | null} place        the branch and table, from the entry or the session
 * @property {TableEntry | null} entry   the table's public page (no token yet)
 * @property {SessionView | null} session
 * @property {Menu | null} menu
 * @property {any} profile               GET /api/me
 * @property {{customerId: string, name: string} | null} me
 * @property {Cart} cart
 * @property {"off" | "connecting" | "open" | "closed" | "displaced"} live
 * @property {boolean} placing
 * @property {string | null} cartError
 * @property {{waiter: boolean, bill: boolean}} requesting
 * @property {FormState} entryForm
 * @property {{saving: boolean, errors: Record<string, string>, message: string | null, joinError?: string | null}} profileForm
 * @property {string | null} notice     a dictionary key shown on the entry page
 * @property {boolean} hideAvoided       the menu hides dishes with the diner's avoided allergens
 * @property {JoinView | null} join      this tab's request to join the table (no token until allowed)
 * @property {JoinAsk[]} joinAsks        the waiting requests to join this phone's table
 * @property {boolean} hasDeviceKey      the phone was already at this table (it can rejoin without asking)
 * @property {string} deviceName         the name it had there
 * @property {boolean} closedBranch       the table's branch was archived (its QR codes answer 404 BRANCH_ARCHIVED)
 *
 * @typedef {object} View  what every page and component gets
 * @property {DinerState} state
 * @property {(minor: number) => string} money
 * @property {(iso: string) => string} time
 * @property {(item: MenuItem) => string} whyNot   why a dish cannot be ordered now ("Available from 07:00")
 * @property {(estimate: any, rest?: boolean) => string} waitText  "15–25 min" left of an order's estimate, or ""
 * @property {(page: PageName, itemId?: string) => string} path
 * @property {(id: string) => MenuItem | null} itemById
 * @property {() => Set<string>} blockedLines
 * @property {() => string[]} avoidAllergens   from the diner's profile
 * @property {() => {key: string, name: string, allergens: string[]}[]} allergenWarnings  cart lines with avoided allergens
 * @property {() => {code: string, name: string, switchLabel: string} | null} otherLanguage
 */

/** @returns {FormState} */
export const idleForm = () => ({ sending: false, errors: {}, message: null });
export const idleProfileForm = () => ({ saving: false, errors: {}, message: null });

/**
 * @typedef {(root: HTMLElement, view: View) => {update: (view: View) => void, unmount?: () => void}} MountPage
 * @typedef {{close: () => void, reconnect: () => void}} LiveHandle
 */

export const app = {
  /** @type {DinerState} */
  state: {
    route: parseRoute(location.pathname),
    place: null,
    entry: null,
    session: null,
    menu: null,
    profile: null,
    me: null,
    cart: emptyCart(),
    live: "off",
    placing: false,
    cartError: null,
    requesting: { waiter: false, bill: false },
    entryForm: idleForm(),
    profileForm: idleProfileForm(),
    notice: null,
    hideAvoided: false,
    join: null,
    joinAsks: [],
    hasDeviceKey: false,
    deviceName: "",
    closedBranch: false,
  },
  /** @type {ReturnType<typeof import("./storage.js").tableStorage> | null} the table's storage (none on the landing page) */
  storage: null,
  tableKey: "",
  /** The language the branch and the diner want (usePlace), spoken before the next page is drawn. */
  wantedLanguage: "",
  /** @type {LiveHandle | null} */
  live: null,
  /** @type {{update: (view: View) => void, unmount?: () => void} | null} the page shown */
  page: null,
  /** @type {Map<string, MenuItem>} */
  menuItems: new Map(),
  /** @type {string | null} the menu's revision GET /session last named: the menu is asked at `?v=` it (CloudFront keeps that URL) */
  menuRevision: null,
  /** the show() that is current: an older one that finishes later draws nothing */
  showCount: 0,
  /** @type {string[]} the pages whose code comes with the diner's first touch */
  nextPages: [],
  /** @type {ReturnType<typeof setTimeout> | undefined} the menu's next window or pause change */
  flipTimer: undefined,
  /** @type {Set<string>} requests to join already decided (a late snapshot or push must not bring their card back) */
  decidedJoins: new Set(),
  /** @type {Promise<ReturnType<typeof import("./joining.js").createJoining>> | null} */
  joining: null,
  /** @type {Promise<ReturnType<typeof import("./components/phone-code.js").mountPhoneCode>> | null} */
  phoneCode: null,
  /** @type {Promise<ReturnType<typeof import("./actions.js").createActions>> | null} */
  actions: null,
  /** @type {(value?: unknown) => void} resolves `firstView` (shell.js) */
  firstViewShown: () => {},
};
