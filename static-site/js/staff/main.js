// @ts-check
/**
 * The staff app's controller: the one place that talks to the API and the socket, owns the
 * state (app.js: the floor of the chosen branch, the menu, the Tables page's view), and hands it
 * down to the pages; the pages send actions up as DOM events. By concern:
 *   app.js            the pages mounted, the one state object, the staff session (staff-session.js);
 *   screen.js         routing and drawing;          floor-live.js   the floor's snapshot and pushes;
 *   floor-actions.js  the POS's and Tables page's requests;  tables-controller.js  bills, history;
 *   menu-controller.js, qr-controller.js, header-controller.js  those pages' and the header's.
 *
 * Routes: /staff/ (POS), /staff/tables, /staff/menu, /staff/qr; ?branch= picks a branch. /staff/reports goes
 * to the reports' own page, staff/reports.html.
 */
import { adminPage, api, byId, currentBranch, session, state, tablesOn, toaster } from "./app.js";
import { drawHeader, route, showPageMessage } from "./screen.js";
import { onLiveMessage, reloadFloor } from "./floor-live.js";
import { emptyFloor } from "./floor.js";
import "./floor-actions.js";
import "./header-controller.js";
import { isWelcome, startWelcome } from "./welcome-page.js";
import { t } from "../lib/i18n.js";

/** @type {Parameters<typeof session.start>[0]} */
const screen = {
  onEnter: ({ branches, branchId }) => {
    state.branches = branches;
    state.branchId = branchId;
    const branch = currentBranch();
    if (branch) tablesOn(branch);
    route();
  },
  onBranchesFailed: showPageMessage,
  onSignedOut: () => {
    state.floor = emptyFloor();
    state.floorLoaded = false;
    state.menu = null;
    adminPage.reset();
  },
  onMessage: onLiveMessage,
  onOpen: () => reloadFloor(),
  onStatus: (status) => {
    state.live = status;
    drawHeader();
  },
};

if (/^\/staff\/reports\/?$/.test(location.pathname)) {  // the reports (issue 19) are a page of their own
  location.replace(`/staff/reports.html${location.search}`);
} else if (isWelcome()) {  // an invitation or reset link: the password first, then the sign-in
  startWelcome(api, byId("login"), (email) => {
    /** @type {HTMLInputElement} */ (byId("login-email")).value = email;
    toaster.show(t("welcome.saved"));
    session.start(screen);
  });
} else {
  session.start(screen);
}
