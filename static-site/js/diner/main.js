// @ts-check
/**
 * The diner app: it alone owns the API client, the live socket, the per-table storage and the
 * state (state.js's `app`); pages get the state (data down) and send verb-named DOM events back
 * (actions up). By concern:
 *   state.js     the one state object;          view.js     what pages are drawn from, the language;
 *   shell.js     the frame, the API, update();  pages.js    which page shows (the routes);
 *   data.js      the REST reads and the menu;   session.js  the session's life, joining, the phone's code;
 *   live.js      the socket's live updates;     events.js   the pages' actions.
 */
import { preferredLanguage } from "../lib/i18n.js";
import { app } from "./state.js";
import { DINER_CODES, speak } from "./view.js";
import { show } from "./pages.js";
import "./events.js";

// boot.js fetched the texts of this first guess already
await speak(preferredLanguage(DINER_CODES, DINER_CODES));
show(app.state.route, "initial");
