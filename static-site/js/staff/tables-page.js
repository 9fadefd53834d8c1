// @ts-check
/**
 * .tables-page: every table of the branch with its state at a glance (free, pending,
 * active, bill requested); the chosen table's session, requests, open orders and itemised
 * bill; and the history of completed sessions by date.
 * A table where a phone asks to join is marked ("Wants to join: Luis"); its detail has Allow
 * and Decline for each such request.
 * Tables are grouped by section (sections-view.js): the signed-in waiter's first, each tile with its
 * waiter's initials; a filter shows one section, and managers put tables in sections.
 * Emits `selectTable` {code}, `approveSession`, `rejectSession`, `closeTable` (opens the close dialog),
 * `acknowledgeRequest`, `allowJoin`, `declineJoin` ({id, done}), `showBill` {sessionId}, `loadHistory` {date}, `showView` {view},
 * and through its parts (table-service.js, bill-split.js, order-safety.js) the waiter's actions.
 */
import { h, emit, emitFromButton, replace } from "./dom.js";
import { t } from "../lib/i18n.js";
import { formatMoney } from "../lib/money.js";
import { tableName } from "../lib/table-name.js";
import { branchToday, clockTime, formatMinutes, formatWaited, minutesSince, urgentAfter } from "./elapsed.js";
import { freeTables, joinsAt, openOrdersOf, tableState } from "./floor.js";
import { billSplit } from "./bill-split.js";
import { paymentSummary } from "./payment-summary.js";
import { orderSafetyPanel, safetySignature } from "./order-safety.js";
import { serviceSignature, tableService } from "./table-service.js";
import { initials, isMine, mineFirst, sectionsOf, shownBy } from "./sections.js";
import { sectionFilter, sectionsPanel, sectionsSignature, tableSection } from "./sections-view.js";

/**
 * @typedef {import("./floor.js").Floor} Floor
 * @typedef {import("./floor.js").Table} Table
 * @typedef {import("./floor.js").Session} Session
 * @typedef {{session: Session & {tableCode: string}, currency: string, subtotal: number, total: number,
 *   lines: {name: string, quantity: number, unitPrice: number, total: number, notes: string, status: string, orderedBy?: string,
 *     ageRestricted?: boolean, options?: {name: string, priceDelta?: number}[]}[]}} Bill
 * @typedef {{view: "floor" | "history", selected: string | null, bill: Bill | null, billError: string,
 *   billLoading: boolean, history: {date: string, sessions: Session[] | null, error: string}, currency: string,
 *   menuItems?: import("./table-service.js").MenuItem[], canOrder?: boolean, canVoid?: boolean,
 *   safety?: import("./order-safety.js").SafetyView | null, sections?: import("./sections-view.js").SectionsView}} TablesView
 */

/** @param {HTMLElement} root */
export function mountTablesPage(root) {
  const title = h("h1", { id: "tables-title", class: "tables-page__title" });
  const switcher = h("div", { class: "tables-page__views", role: "group" });
  const legend = h("ul", { class: "tables-page__legend" });
  const grid = h("ul", { class: "tables-page__grid", "aria-labelledby": "tables-title" });
  const history = h("div", { class: "tables-page__history" });
  const detailInfo = h("div", { class: "table-detail__info", "aria-live": "polite" });
  const toolsSlot = h("div", { class: "table-detail__tools" });
  const billSlot = h("div", { class: "table-detail__bill" });
  const sectionSlot = h("div", { class: "table-detail__section-slot" });
  // the table's section sits below its bill: the bill must stay in view on a tablet
  const detail = h("aside", { class: "table-detail" }, [detailInfo, toolsSlot, billSlot, sectionSlot]);
  const safetySlot = h("div", { class: "tables-page__safety" });
  const sectionsSlot = h("div", { class: "tables-page__sections" });
  const filterSlot = h("div", { class: "tables-page__filter" });
  let toolsDrawn = "";
  let safetyDrawn = "";
  let sectionsDrawn = "";
  let panelDrawn = "";
  let sectionDrawn = "";
  const floorPane = h("div", { class: "tables-page__floor" }, [grid]);
  replace(root, [
    h("div", { class: "tables-page__head" }, [title, legend, filterSlot, sectionsSlot, switcher]),
    safetySlot,
    h("div", { class: "tables-page__body" }, [h("div", { class: "tables-page__main" }, [floorPane, history]), detail]),
  ]);

  /** @type {import("./elapsed.js").NudgeSettings | null} */
  let nudges = null;

  /** A ticking "waited" timer for a call, a bill request or a ready dish, from the server's timestamp.
   * @param {"waiter" | "bill" | "ready"} kind @param {string} since @param {boolean} [inTile] a tile says "urgent" once, on its state line */
  function nudge(kind, since, inTile = false) {
    return h("span", { class: `nudge nudge--${kind}`, "data-since": since, "data-kind": kind }, [
      h("span", { class: "nudge__what", text: inTile ? t(`tables.nudge.${kind}`)
        : t(kind === "ready" ? "tables.readyWaiting" : kind === "bill" ? "pos.kind.bill" : "pos.kind.waiter") }),
      h("time", { class: "nudge__time", datetime: since }),
      inTile ? null : h("span", { class: "nudge__urgent", hidden: true, text: t("pos.urgent") }),
    ]);
  }

  /** @param {number} now */
  function tick(now) {
    for (const element of /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll(".nudge"))) {
      const since = element.dataset.since ?? "";
      const limit = urgentAfter(element.dataset.kind ?? "", nudges) ?? Infinity;
      const urgent = minutesSince(since, now) >= limit;
      const time = /** @type {HTMLElement} */ (element.querySelector(".nudge__time"));
      time.textContent = formatWaited(since, now);
      time.setAttribute("aria-label", t("pos.waited", { time: formatMinutes(minutesSince(since, now)) }));
      element.classList.toggle("nudge--urgent", urgent);
      const word = /** @type {HTMLElement | null} */ (element.querySelector(".nudge__urgent"));
      if (word) word.hidden = !urgent;
    }
    // A tile is urgent while any of its nudges is: red, with a warning sign and the word once
    // (its state line says "Urgent" instead of "Seated"; its nudges say what waits, and how long).
    for (const tile of /** @type {NodeListOf<HTMLElement>} */ (grid.querySelectorAll(".table-tile"))) {
      const urgent = Boolean(tile.querySelector(".nudge--urgent"));
      tile.classList.toggle("table-tile--urgent", urgent);
      tile.toggleAttribute("data-urgent", urgent);
      const state = /** @type {HTMLElement} */ (tile.querySelector(".table-tile__state"));
      const text = urgent ? t("pos.urgent") : t(`state.${tile.dataset.state}`);
      if (state.dataset.text !== text) {
        state.dataset.text = text;
        replace(state, urgent ? [h("span", { class: "table-tile__icon", "aria-hidden": "true", text: "\u26A0" }), " ", text] : [text]);
      }
    }
  }

  /** @param {Floor} floor @param {Table} table @returns {HTMLElement[]} */
  function nudgesOf(floor, table) {
    const out = table.requests.map((request) => nudge(request.kind, request.createdAt, true));
    const ready = openOrdersOf(floor, table).flatMap((order) => order.items.filter((line) => line.status === "ready" && line.readyAt))
      .map((line) => /** @type {string} */ (line.readyAt)).sort()[0];
    if (ready) out.push(nudge("ready", ready, true));
    return out;
  }

  /** A person (the guests' count on a tile): drawn, so it needs no emoji font. */
  function personIcon() {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("class", "table-tile__person");
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M8 8a3 3 0 1 0 0-6 3 3 0 0 0 0 6Zm-5.5 6.5C2.5 11.5 5 10 8 10s5.5 1.5 5.5 4.5Z");
    svg.append(path);
    return svg;
  }

  /** @param {Floor} floor @param {TablesView} view @param {number} now */
  function drawGrid(floor, view, now) {
    replace(legend, ["free", "pending", "active", "bill_requested"].map((state) =>
      h("li", { class: `tables-page__legend-item table-tile--${state}` }, [
        h("span", { class: "tables-page__swatch", "aria-hidden": "true" }), t(`state.${state}`),
        " ", h("strong", { text: floor.tables.filter((table) => tableState(table) === state).length }),
      ])));
    const me = view.sections?.me || "";
    const filter = view.sections?.filter || "all";
    const mine = (/** @type {Table} */ table) => isMine(floor, table.code, me);
    const shown = mineFirst(floor.tables.filter((table) => shownBy(floor, table, filter, me)), mine);
    const grouped = filter === "all" && sectionsOf(floor, me).length > 0;
    const firstOther = shown.find((table) => !mine(table));
    replace(grid, shown.flatMap((table) => {
      const state = tableState(table);
      const session = table.pendingSession || table.session;
      // phones signed in at the table; a table staff seated for guests without phones has none, and says no number
      const guests = session ? session.participants.length : 0;
      const joins = joinsAt(floor, table.code);
      const since = session ? formatMinutes(minutesSince(session.startedAt, now)) : "";
      const meta = session ? h("span", { class: "table-tile__meta", "data-testid": "tile-meta" }, [
        guests ? h("span", { class: "table-tile__guests" }, [personIcon(),
          h("span", { "aria-hidden": "true", text: `${guests} · ` }), h("span", { class: "visually-hidden", text: `${t("tables.guests", { n: guests })}, ` })]) : null,
        since,
      ]) : table.seats ? h("span", { class: "table-tile__meta", "data-testid": "tile-meta", text: t("tables.seats", { n: table.seats }) }) : null;
      const tile = h("button", {
        type: "button", class: `table-tile table-tile--${state}${view.selected === table.code ? " table-tile--selected" : ""}${joins.length ? " table-tile--join" : ""}`,
        "data-table": table.code, "data-state": state, "aria-pressed": String(view.selected === table.code),
        "data-join": joins.length ? String(joins.length) : null,
        onclick: () => emit(root, "selectTable", { code: table.code }),
      }, [
        h("span", { class: "table-tile__label", text: tableName(table.code, table.label) }),
        // the state, and the initials of the section's waiter beside it (sections.js)
        h("span", { class: "table-tile__state-row" }, [
          h("span", { class: "table-tile__state", text: t(`state.${state}`) }),
          table.section?.staffName ? h("span", { class: "table-tile__waiter", "data-testid": "tile-waiter", title: table.section.staffName },
            [h("span", { "aria-hidden": "true", text: initials(table.section.staffName) }),
              h("span", { class: "visually-hidden", text: t("sections.servedBy", { name: table.section.staffName }) })]) : null,
        ]),
        meta,
        joins.length ? h("span", { class: "table-tile__flag table-tile__flag--join", "data-testid": "join-flag",
          text: t("tables.wantsToJoin", { names: joins.map((join) => join.name).join(", ") }) }) : null,
        ...nudgesOf(floor, table),
      ]);
      const heading = !grouped ? null : table === shown[0] && mine(table)
        ? h("li", { class: "tables-page__group", "data-group": "mine", text: t("sections.groupMine", {
          names: sectionsOf(floor, me).map((section) => section.name).join(", ") }) })
        : table === firstOther ? h("li", { class: "tables-page__group", "data-group": "others", text: t("sections.groupOthers") }) : null;
      return heading ? [heading, h("li", { "data-mine": String(mine(table)) }, tile)] : [h("li", { "data-mine": String(mine(table)) }, tile)];
    }));
  }

  /** @param {Floor} floor @param {TablesView} view */
  function drawHistory(floor, view) {
    const date = h("input", { type: "date", id: "history-date", value: view.history.date, max: branchToday() });
    date.addEventListener("change", () => date.value && emit(root, "loadHistory", { date: date.value }));
    const sessions = view.history.sessions;
    let listing;
    if (view.history.error) listing = h("p", { class: "notice notice--error", text: view.history.error });
    else if (!sessions) listing = h("p", { class: "tables-page__loading", text: t("app.loading") });
    else if (!sessions.length) listing = h("p", { class: "tables-page__none", text: t("history.none") });
    else {
      listing = h("ul", { class: "history-list" }, sessions.map((s) => h("li", {}, h("button", {
        type: "button", class: `history-list__row${view.bill?.session.id === s.id ? " history-list__row--selected" : ""}`,
        "data-session": s.id, onclick: () => emit(root, "showBill", { sessionId: s.id }),
      }, [
        h("span", { class: "history-list__table", text: tableName(s.tableCode || "", floor.tables.find((t) => t.code === s.tableCode)?.label) }),
        h("span", { class: "history-list__time", text: `${clockTime(s.startedAt)}–${s.endedAt ? clockTime(s.endedAt) : ""}` }),
        h("span", { class: "history-list__who", text: s.participants.map((p) => p.name).join(", ") }),
        h("span", { class: "history-list__reason", text: t(`endReason.${/** @type {any} */ (s).endReason || "closed"}`) }),
        /** @type {any} */ (s).payment ? h("span", { class: "history-list__paid",
          text: t("history.paid", { amount: formatMoney(/** @type {any} */ (s).payment.paid, view.currency) }) }) : null,
      ]))));
    }
    replace(history, [
      h("div", { class: "field history__date" }, [h("label", { for: "history-date", text: t("history.date") }), date]),
      listing,
    ]);
  }

  /** @param {Bill | null} bill @param {TablesView} view */
  function billBlock(bill, view) {
    if (view.billLoading) return h("p", { class: "tables-page__loading", text: t("app.loading") });
    if (view.billError) return h("p", { class: "notice notice--error", text: view.billError });
    if (!bill) return null;
    return h("section", { class: "bill", "aria-label": t("bill.title") }, [
      h("h3", { class: "bill__title", text: t("bill.title") }),
      bill.lines.length ? h("table", { class: "bill__lines" }, [
        h("thead", {}, h("tr", {}, [h("th", { scope: "col", text: t("bill.item") }), h("th", { scope: "col", class: "bill__num", text: t("bill.qty") }),
          h("th", { scope: "col", class: "bill__num", text: t("bill.unit") }), h("th", { scope: "col", class: "bill__num", text: t("bill.total") })])),
        h("tbody", {}, bill.lines.map((line) => h("tr", {}, [
          h("td", {}, [h("span", { class: "bill__name", text: line.name }),
            line.ageRestricted ? h("span", { class: "id-check", text: t("staff.idCheck") }) : null,
            line.options?.length ? h("span", { class: "bill__note bill__options", text: line.options.map((option) =>
              (option.priceDelta ? `${option.name} (+${formatMoney(option.priceDelta, bill.currency)})` : option.name)).join(", ") }) : null,
            line.notes ? h("span", { class: "bill__note", text: line.notes }) : null,
            line.orderedBy ? h("span", { class: "bill__who", text: line.orderedBy }) : null]),
          h("td", { class: "bill__num", text: line.quantity }),
          h("td", { class: "bill__num", text: formatMoney(line.unitPrice, bill.currency) }),
          h("td", { class: "bill__num", text: formatMoney(line.total, bill.currency) }),
        ]))),
        h("tfoot", {}, h("tr", {}, [h("th", { scope: "row", colspan: "3", text: t("bill.subtotal") }),
          h("td", { class: "bill__num bill__sum", "data-testid": "bill-total", text: formatMoney(bill.total, bill.currency) })])),
      ]) : h("p", { class: "bill__empty", text: t("bill.empty") }),
    ]);
  }

  /**
   * @param {string} label @param {string} event @param {string} id @param {string} [variant]
   */
  function action(label, event, id, variant = "") {
    const button = h("button", { type: "button", class: `button ${variant}`.trim(), text: label });
    button.addEventListener("click", () => emitFromButton(button, event, { id }));
    return button;
  }

  /** @param {Floor} floor @param {TablesView} view @param {number} now */
  function drawDetail(floor, view, now) {
    const table = view.view === "floor" ? floor.tables.find((candidate) => candidate.code === view.selected) : undefined;
    drawTools(floor, view, table);
    drawTableSection(floor, view, table);
    replace(billSlot, []);
    if (view.view === "history") {
      const code = view.bill?.session.tableCode || "";
      const label = tableName(code, floor.tables.find((candidate) => candidate.code === code)?.label);
      replace(detailInfo, view.bill ? [h("h2", { class: "table-detail__title", text: label }),
        h("p", { class: "table-detail__meta", text: `${clockTime(view.bill.session.startedAt)}–${view.bill.session.endedAt ? clockTime(view.bill.session.endedAt) : ""} · ${view.bill.session.participants.map((p) => p.name).join(", ")}` }),
        billBlock(view.bill, view), paymentSummary(/** @type {any} */ (view.bill.session).payment, view.bill.currency)]
        : [h("p", { class: "table-detail__hint", text: t("history.pick") })]);
      if (view.bill) replace(billSlot, billSplit(view.bill, { tableLabel: label, canVoid: false }));
      return;
    }
    if (!table) {
      replace(detailInfo, h("p", { class: "table-detail__hint", text: t("tables.pick") }));
      return;
    }
    const state = tableState(table);
    /** @type {HTMLElement[]} */
    const parts = [
      h("div", { class: "table-detail__head" }, [
        h("h2", { class: "table-detail__title", text: tableName(table.code, table.label) }),
        h("span", { class: `table-detail__state table-tile--${state}`, text: t(`state.${state}`) }),
      ]),
    ];
    const joins = joinsAt(floor, table.code);
    if (joins.length) {
      parts.push(h("section", { class: "table-detail__block table-detail__block--join", "aria-label": t("tables.joinTitle") }, [
        h("h3", { text: t("tables.joinTitle") }),
        h("ul", { class: "table-detail__joins" }, joins.map((join) => h("li", { class: "table-detail__join", "data-join": join.id }, [
          h("p", { class: "table-detail__join-who" }, [
            h("span", { class: "table-detail__join-name", text: join.name }), " ",
            h("span", { class: "table-detail__meta", text: t("tables.joinSince", { time: clockTime(join.createdAt) }) }),
          ]),
          h("div", { class: "table-detail__actions" }, [
            action(t("pos.allowJoin"), "allowJoin", join.id, "button--done"),
            action(t("pos.declineJoin"), "declineJoin", join.id, "button--secondary"),
          ]),
        ]))),
        h("p", { class: "table-detail__meta", text: t("pos.joinHint") }),
      ]));
    }
    if (table.pendingSession) {
      const pending = table.pendingSession;
      parts.push(h("section", { class: "table-detail__block table-detail__block--pending" }, [
        h("h3", { text: t("tables.waitingApproval") }),
        h("p", { text: pending.participants.map((p) => p.name).join(", ") }),
        h("p", { class: "table-detail__meta", text: t("tables.since", { time: clockTime(pending.startedAt), waited: formatMinutes(minutesSince(pending.startedAt, now)) }) }),
        table.session ? h("p", { class: "feed-card__warning", text: t("pos.replaces") }) : null,
        h("div", { class: "table-detail__actions" }, [
          action(t("pos.approve"), "approveSession", pending.id, "button--done"),
          action(t("pos.reject"), "rejectSession", pending.id, "button--secondary"),
        ]),
      ]));
    }
    if (table.session) {
      const session = table.session;
      parts.push(h("section", { class: "table-detail__block" }, [
        h("h3", { text: t("tables.session") }),
        session.participants.length ? h("p", { text: session.participants.map((p) => p.name).join(", ") }) : null,
        h("p", { class: "table-detail__meta", text: t("tables.since", { time: clockTime(session.startedAt), waited: formatMinutes(minutesSince(session.startedAt, now)) }) }),
        table.requests.length ? h("ul", { class: "table-detail__requests" }, table.requests.map((request) => h("li", {}, [
          nudge(request.kind, request.createdAt),
          action(t(request.kind === "bill" ? "pos.ackBill" : "pos.ackWaiter"), "acknowledgeRequest", request.id, "button--secondary"),
        ]))) : null,
        h("div", { class: "table-detail__actions" }, [
          h("button", { type: "button", class: "button button--secondary table-detail__refresh", "aria-label": t("tables.refreshBill"),
            title: t("tables.refreshBill"), onclick: () => emit(root, "showBill", { sessionId: session.id }) },
          h("span", { "aria-hidden": "true", text: "\u21BB" })),
          action(t("tables.close"), "closeTable", session.id, "button--secondary"),
        ]),
      ]));
      const bill = view.bill && view.bill.session.id === session.id ? view.bill : null;
      replace(billSlot, [billBlock(bill, view),
        bill ? billSplit(bill, { tableLabel: tableName(table.code, table.label), canVoid: Boolean(view.canVoid) }) : null]);
    }
    if (!table.session && !table.pendingSession) {
      parts.push(h("p", { class: "table-detail__hint", text: t("tables.free") }));
    }
    replace(detailInfo, parts);
  }

  /** The waiter's forms: drawn again only when what they offer changes, so typing survives pushes.
   * @param {Floor} floor @param {TablesView} view @param {Table | undefined} table */
  function drawTools(floor, view, table) {
    if (!table) {
      toolsDrawn = "";
      replace(toolsSlot, []);
      return;
    }
    const service = { table, freeTables: freeTables(floor), menuItems: view.menuItems || [], currency: view.currency,
      canOrder: Boolean(view.canOrder) };
    const signature = serviceSignature(service);
    if (signature === toolsDrawn) return;
    toolsDrawn = signature;
    replace(toolsSlot, tableService(service));
  }

  /** The chosen table's section: drawn again only when it changes, so an open select survives pushes.
   * @param {Floor} floor @param {TablesView} view @param {Table | undefined} table */
  function drawTableSection(floor, view, table) {
    const signature = table && view.sections ? JSON.stringify([table.code, table.section || null, sectionsSignature(floor, view.sections)]) : "";
    if (signature === sectionDrawn) return;
    sectionDrawn = signature;
    replace(sectionSlot, table && view.sections ? tableSection(floor, table, view.sections) : null);
  }

  /** The sections filter and the managers' panel (which stays open across redraws). @param {Floor} floor @param {TablesView} view */
  function drawSections(floor, view) {
    const signature = view.sections ? sectionsSignature(floor, view.sections) : "";
    if (signature === sectionsDrawn) return;
    sectionsDrawn = signature;
    // the managers' panel only when what it offers changed (not the filter), so a name being typed survives
    const panelSignature = view.sections ? sectionsSignature(floor, { ...view.sections, filter: "" }) : "";
    if (panelSignature === panelDrawn) {
      replace(filterSlot, view.sections ? sectionFilter(floor, view.sections) : null);
      return;
    }
    panelDrawn = panelSignature;
    const before = /** @type {HTMLDialogElement | null} */ (sectionsSlot.querySelector("dialog"));
    const wasOpen = Boolean(before?.open);
    const focused = document.activeElement && (filterSlot.contains(document.activeElement) || sectionsSlot.contains(document.activeElement))
      ? document.activeElement.id : "";
    before?.close();
    replace(filterSlot, view.sections ? sectionFilter(floor, view.sections) : null);
    replace(sectionsSlot, view.sections ? sectionsPanel(floor, view.sections) : null);
    const dialog = /** @type {HTMLDialogElement | null} */ (sectionsSlot.querySelector("dialog"));
    if (dialog && wasOpen) dialog.showModal();  // the manager's dialog stays open across a change
    if (focused) document.getElementById(focused)?.focus();
  }

  /** @param {TablesView} view */
  function drawSafety(view) {
    const signature = view.safety ? safetySignature(view.safety) : "";
    if (signature === safetyDrawn) return;
    safetyDrawn = signature;
    replace(safetySlot, view.safety ? orderSafetyPanel(view.safety) : null);
  }

  /** @param {TablesView} view */
  function drawSwitcher(view) {
    replace(switcher, ["floor", "history"].map((name) => h("button", {
      type: "button", class: `tables-page__view${view.view === name ? " tables-page__view--current" : ""}`,
      "aria-pressed": String(view.view === name), onclick: () => emit(root, "showView", { view: name }),
      text: t(`tables.view.${name}`),
    })));
  }

  return {
    /** @param {Floor} floor @param {TablesView} view @param {number} now
     * @param {import("./elapsed.js").NudgeSettings | null} [settings] the branch's urgency thresholds */
    render(floor, view, now, settings = nudges) {
      nudges = settings;
      title.textContent = t("tables.title");
      drawSwitcher(view);
      drawSafety(view);
      drawSections(floor, view);
      floorPane.hidden = view.view !== "floor";
      legend.hidden = view.view !== "floor";
      history.hidden = view.view !== "history";
      if (view.view === "floor") drawGrid(floor, view, now);
      else drawHistory(floor, view);
      drawDetail(floor, view, now);
      tick(now);
    },
    tick,
  };
}
