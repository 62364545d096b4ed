// The live dashboard: loads the current view from the JSON API, then applies every change the
// state store pushes on /api/live. On each (re)connection it reloads the view, so nothing missed
// while disconnected stays missing. Campaign and store figures are derived by the API's reports
// (cost per visit, ROAS, lift and its interval under the chosen model, a store's footfall today in
// its own time zone): a change of a campaign's or a store's totals on the feed makes the page fetch
// that one report again, so the page shows exactly what the API and its CSV export say.
(function () {
  "use strict";

  const WINDOW_MINUTES = 60;
  const MAX_ROWS = 50;
  const MAX_KEPT = 300;
  const REFRESH_DELAY_MS = 100;

  const state = {
    stores: [],
    storeNames: {},
    campaigns: new Map(),
    campaignRequests: new Map(),
    pendingCampaigns: new Set(),
    campaignTimer: null,
    storeReport: null,
    storeRequest: 0,
    storeTimer: null,
    footfall: new Map(),
    footfallToday: new Map(),
    todayRequests: new Map(),
    pendingToday: new Set(),
    todayTimer: null,
    stream: [],
    offerIds: new Set(),
    redemptionIds: new Set(),
    redeemedOffers: new Set(),
    offerCounts: new Map(),
    redemptionCounts: new Map(),
    visits: [],
    openVisits: new Map(),
    stock: [],
    stockCounts: new Map(),
    clockOffset: 0,
  };

  const byId = (id) => document.getElementById(id);
  const storeFilter = () => byId("store-filter").value;
  const campaignFilter = () => byId("campaign-filter").value;
  const model = () => byId("model-filter").value;

  function el(tag, attributes, children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => {
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value);
    });
    (children || []).forEach((child) => node.appendChild(child));
    return node;
  }

  function setNumber(id, value) {
    const node = byId(id);
    if (node && node.textContent !== String(value)) {
      node.textContent = String(value);
      node.classList.remove("flash");
      void node.offsetWidth;
      node.classList.add("flash");
    }
  }

  function time(iso) {
    if (!iso) return "";
    return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  }

  function duration(seconds) {
    if (seconds < 60) return seconds + " s";
    const minutes = Math.floor(seconds / 60);
    return minutes < 60 ? minutes + " min" : Math.floor(minutes / 60) + " h " + (minutes % 60) + " min";
  }

  function storeName(id) {
    return state.storeNames[id] || id;
  }

  function count(value) {
    if (value === null || value === undefined) return "–";
    return Number.isInteger(value) ? String(value) : value.toFixed(1);
  }

  function percent(ratio) {
    return ratio === null || ratio === undefined ? "–" : (100 * ratio).toFixed(1) + "%";
  }

  function money(amount, currency) {
    return amount === null || amount === undefined ? "–" : amount + (currency ? " " + currency : "");
  }

  function times(ratio) {
    return ratio === null || ratio === undefined ? "–" : ratio.toFixed(2) + "×";
  }

  async function getJson(path) {
    const response = await fetch(path, { cache: "no-store" });
    if (!response.ok) throw new Error(path + " answered " + response.status);
    return response.json();
  }


  async function loadAll() {
    const [locations, campaigns, footfall] = await Promise.all([
      getJson("/api/stores"),
      getJson("/api/campaigns?model=" + encodeURIComponent(model())),
      getJson("/api/footfall?minutes=" + WINDOW_MINUTES),
    ]);
    state.stores = locations.stores;
    state.storeNames = {};
    state.stores.forEach((s) => (state.storeNames[s.storeId] = s.name));
    state.storeNames[locations.warehouse.locationId] = locations.warehouse.name;
    fillSelect("store-filter", state.stores.map((s) => [s.storeId, s.name]));

    setCampaigns(campaigns);

    const offset = Date.parse(footfall.to) - Math.floor(Date.now() / 60000) * 60000;
    state.clockOffset = Math.abs(offset) > 90000 ? offset : 0;
    state.footfall = new Map();
    footfall.stores.forEach((s) => s.minutes.forEach((m) => state.footfall.set(s.storeId + "@" + m.minute, m)));
    renderAll();
    refreshStore();
    state.stores.forEach((store) => refreshToday(store.storeId));
  }

  function setCampaigns(listing) {
    if (listing.model !== model()) return;
    state.campaigns = new Map();
    listing.campaigns.forEach((c) => state.campaigns.set(c.campaignId, c));
    fillSelect("campaign-filter", [...state.campaigns.values()].map((c) => [c.campaignId, campaignName(c)]));
  }

  function campaignName(c) {
    return c.name || (c.report && c.report.name) || c.campaignId;
  }

  async function reloadCampaigns() {
    setCampaigns(await getJson("/api/campaigns?model=" + encodeURIComponent(model())));
    renderCampaigns();
    renderOffers();
  }

  // Changes of one campaign's totals come in bursts; they are gathered for a moment and each
  // changed campaign's report is fetched once. A reply is used only if it is the campaign's latest
  // request and still under the chosen model.
  function refreshCampaign(campaignId) {
    state.pendingCampaigns.add(campaignId);
    if (state.campaignTimer === null) state.campaignTimer = setTimeout(fetchPendingCampaigns, REFRESH_DELAY_MS);
  }

  function fetchPendingCampaigns() {
    state.campaignTimer = null;
    const wanted = model();
    state.pendingCampaigns.forEach((campaignId) => {
      const request = (state.campaignRequests.get(campaignId) || 0) + 1;
      state.campaignRequests.set(campaignId, request);
      getJson("/api/campaigns/" + encodeURIComponent(campaignId) + "?model=" + encodeURIComponent(wanted))
        .then((report) => {
          if (state.campaignRequests.get(campaignId) !== request || wanted !== model()) return;
          const known = state.campaigns.get(campaignId);
          const entry = known || { campaignId: campaignId, configured: false };
          entry.report = report;
          state.campaigns.set(campaignId, entry);
          if (!known) {
            fillSelect("campaign-filter", [...state.campaigns.values()].map((c) => [c.campaignId, campaignName(c)]));
          }
          renderCampaigns();
        })
        .catch((error) => console.error(error));
    });
    state.pendingCampaigns.clear();
  }

  function refreshStore() {
    if (state.storeTimer === null) state.storeTimer = setTimeout(fetchStore, REFRESH_DELAY_MS);
  }

  function fetchStore() {
    state.storeTimer = null;
    const storeId = storeFilter();
    const request = ++state.storeRequest;
    if (!storeId) {
      state.storeReport = null;
      renderStoreKpis();
      return;
    }
    getJson("/api/stores/" + encodeURIComponent(storeId) + "/kpis")
      .then((report) => {
        if (request !== state.storeRequest || storeId !== storeFilter()) return;
        state.storeReport = report;
        renderStoreKpis();
      })
      .catch((error) => console.error(error));
  }

  // A store's footfall today is one report per store; changes of its minutes are gathered like
  // campaign changes, and a reply is used only if it answers the store's latest request.
  function refreshToday(storeId) {
    state.pendingToday.add(storeId);
    if (state.todayTimer === null) state.todayTimer = setTimeout(fetchPendingToday, REFRESH_DELAY_MS);
  }

  function fetchPendingToday() {
    state.todayTimer = null;
    state.pendingToday.forEach((storeId) => {
      const request = (state.todayRequests.get(storeId) || 0) + 1;
      state.todayRequests.set(storeId, request);
      getJson("/api/stores/" + encodeURIComponent(storeId) + "/footfall")
        .then((report) => {
          if (state.todayRequests.get(storeId) !== request) return;
          state.footfallToday.set(storeId, report);
          renderFootfall();
        })
        .catch((error) => console.error(error));
    });
    state.pendingToday.clear();
  }

  function fillSelect(id, options) {
    const select = byId(id);
    const current = select.value;
    while (select.options.length > 1) select.remove(1);
    options.forEach(([value, label]) => select.appendChild(el("option", { value: value, text: label })));
    select.value = options.some(([value]) => value === current) ? current : "";
  }


  // The footfall window follows the server's clock, so a browser with a wrong clock still agrees
  // with /api/footfall.
  function windowStart() {
    const now = Date.now() + state.clockOffset;
    return Math.floor(now / 60000) * 60000 - (WINDOW_MINUTES - 1) * 60000;
  }

  function pruneFootfall() {
    const start = windowStart();
    for (const [key, minute] of state.footfall) {
      if (Date.parse(minute.minute) < start) state.footfall.delete(key);
    }
  }

  function renderFootfall() {
    pruneFootfall();
    const start = windowStart();
    const container = byId("footfall");
    container.replaceChildren();
    let totalEntries = 0;
    let totalVisits = 0;
    state.stores
      .filter((s) => !storeFilter() || s.storeId === storeFilter())
      .forEach((store) => {
        const entries = new Array(WINDOW_MINUTES).fill(0);
        const visits = new Array(WINDOW_MINUTES).fill(0);
        for (const minute of state.footfall.values()) {
          if (minute.storeId !== store.storeId) continue;
          const index = Math.round((Date.parse(minute.minute) - start) / 60000);
          if (index >= 0 && index < WINDOW_MINUTES) {
            entries[index] = minute.doorEntries;
            visits[index] = minute.visits;
          }
        }
        const sumEntries = entries.reduce((a, b) => a + b, 0);
        const sumVisits = visits.reduce((a, b) => a + b, 0);
        totalEntries += sumEntries;
        totalVisits += sumVisits;
        container.appendChild(
          el("div", { class: "store", id: "footfall-" + store.storeId }, [
            el("div", { class: "store-name", text: store.name }),
            el("div", { class: "store-id", text: store.storeId + " · " + store.timeZone }),
            el("div", { class: "store-section", text: "Last 60 minutes" }),
            el("div", { class: "store-numbers" }, [
              el("div", {}, [
                el("span", { class: "label", text: "Door entries" }),
                el("span", { class: "value", id: "footfall-" + store.storeId + "-entries", text: String(sumEntries) }),
              ]),
              el("div", {}, [
                el("span", { class: "label", text: "Visits" }),
                el("span", { class: "value", id: "footfall-" + store.storeId + "-visits", text: String(sumVisits) }),
              ]),
              el("div", {}, [
                el("span", { class: "label", text: "Identified" }),
                el("span", { class: "value", text: sumEntries ? Math.round((100 * sumVisits) / sumEntries) + "%" : "–" }),
              ]),
            ]),
            sparkline(entries, visits),
            storeToday(store.storeId),
          ])
        );
      });
    setNumber("footfall-total-entries", totalEntries);
    setNumber("footfall-total-visits", totalVisits);
  }

  const DWELL_BUCKETS = [
    ["under5", "dwellUnder5Min", "< 5 min"],
    ["5to15", "dwell5To15Min", "5–15"],
    ["15to30", "dwell15To30Min", "15–30"],
    ["30to60", "dwell30To60Min", "30–60"],
    ["over60", "dwellOver60Min", "60 min +"],
  ];

  // Every figure of the store's footfall today, as /api/stores/{id}/footfall gives it: door traffic,
  // identified visits new and returning, the dwell of the visits that closed and how many a
  // purchase converted, and the arrival offers sent and redeemed.
  function storeToday(storeId) {
    const r = state.footfallToday.get(storeId);
    const id = (suffix) => "footfall-" + storeId + "-today-" + suffix;
    if (!r) return el("div", { class: "store-today muted", id: id("pending"), text: "Today: loading…" });
    const figure = (label, suffix, value, detail) =>
      el("div", {}, [
        el("span", { class: "label", text: label }),
        el("span", { class: "value" }, [
          el("span", { id: id(suffix), text: String(value) }),
          ...(detail || []),
        ]),
      ]);
    const small = (text, suffix, value) => [
      el("span", { class: "detail", text: " " + text + " " }),
      el("span", { class: "detail", id: id(suffix), text: String(value) }),
    ];
    const closed = r.closedVisits;
    const dwell = DWELL_BUCKETS.map(([suffix, field, label]) => [suffix, label, r[field]]);
    return el("div", { class: "store-today", id: id("figures") }, [
      el("div", { class: "store-section", text: "Today · " + r.date + " local time" }),
      el("div", { class: "today-grid" }, [
        figure("Entries / exits", "entries", r.doorEntries, small("/", "exits", r.doorExits)),
        figure("Visits", "visits", r.visits, [
          ...small("·", "new", r.newVisitors),
          el("span", { class: "detail", text: " new · " }),
          el("span", { class: "detail", id: id("returning"), text: String(r.returningVisitors) }),
          el("span", { class: "detail", text: " returning" }),
        ]),
        figure("Conversion", "conversion", percent(r.conversionRate), [
          ...small("·", "converted", r.convertedVisits),
          el("span", { class: "detail", text: " of " }),
          el("span", { class: "detail", id: id("closed"), text: String(closed) }),
          el("span", { class: "detail", text: " closed" }),
        ]),
        figure("Offers sent / redeemed", "offers-sent", r.offersSent, small("/", "offers-redeemed", r.offersRedeemed)),
      ]),
      el("div", { class: "dwell", title: "dwell of the visits that closed today" }, [
        el("span", { class: "label", text: "Dwell" }),
        el(
          "div",
          { class: "dwell-bar" },
          dwell
            .filter(([, , n]) => n > 0)
            .map(([suffix, label, n]) =>
              el("span", { class: "dwell-" + suffix, style: "flex-grow: " + n, title: label + ": " + n })
            )
        ),
        el(
          "div",
          { class: "dwell-legend" },
          dwell.map(([suffix, label, n]) =>
            el("span", { class: "dwell-key dwell-" + suffix + "-key" }, [
              el("span", { text: label + " " }),
              el("b", { id: id("dwell-" + suffix), text: String(n) }),
            ])
          )
        ),
      ]),
    ]);
  }

  function sparkline(entries, visits) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("class", "spark");
    svg.setAttribute("viewBox", "0 0 " + WINDOW_MINUTES * 4 + " 44");
    svg.setAttribute("preserveAspectRatio", "none");
    const max = Math.max(1, ...entries, ...visits);
    entries.forEach((value, i) => {
      const height = (value / max) * 40;
      const bar = document.createElementNS(ns, "rect");
      bar.setAttribute("x", i * 4);
      bar.setAttribute("y", 44 - height);
      bar.setAttribute("width", 3);
      bar.setAttribute("height", height);
      bar.setAttribute("fill", "var(--entries)");
      svg.appendChild(bar);
      const visitHeight = (visits[i] / max) * 40;
      const visitBar = document.createElementNS(ns, "rect");
      visitBar.setAttribute("x", i * 4);
      visitBar.setAttribute("y", 44 - visitHeight);
      visitBar.setAttribute("width", 3);
      visitBar.setAttribute("height", visitHeight);
      visitBar.setAttribute("fill", "var(--visits)");
      svg.appendChild(visitBar);
    });
    return svg;
  }

  function renderCampaigns() {
    const body = byId("campaigns").tBodies[0];
    body.replaceChildren();
    byId("campaigns-model").textContent = byId("model-filter").selectedOptions[0].textContent.toLowerCase();
    byId("campaigns-scope").textContent = storeFilter() ? " · all stores: campaign totals are not kept per store" : "";
    let total = 0;
    for (const c of state.campaigns.values()) {
      if (campaignFilter() && c.campaignId !== campaignFilter()) continue;
      const r = c.report || {};
      total += r.attributedVisits || 0;
      const id = "campaign-" + c.campaignId;
      const cell = (suffix, text, extraClass) =>
        el("td", { class: "num" + (extraClass ? " " + extraClass : ""), id: id + "-" + suffix, text: text });
      body.appendChild(
        el("tr", { id: id }, [
          el("td", {}, [
            el("div", { text: campaignName(c) }),
            el("div", { class: "muted", text: c.campaignId + (c.configured === false ? " · defined at runtime" : "") }),
          ]),
          cell("spend", money(r.spend, r.currency)),
          cell("impressions", count(r.impressions)),
          cell("ctr", percent(r.ctr)),
          cell("visits", count(r.attributedVisits)),
          cell("cvr", percent(r.cvr)),
          cell("revenue", money(r.revenue, r.currency)),
          cell("cost-per-visit", money(r.costPerVisit, r.currency)),
          cell("roas", times(r.roas)),
          el("td", { id: id + "-holdout" }, holdout(r.holdout)),
          lift(id + "-lift", r),
        ])
      );
    }
    setNumber("campaigns-total-visits", count(total));
  }

  function holdout(h) {
    if (!h) return [];
    return [
      el("div", { text: "exposed " + h.exposedVisitors + " / " + h.exposedMembers }),
      el("div", { class: "muted", text: "control " + h.controlVisitors + " / " + h.controlMembers }),
    ];
  }

  // The API gives a lift only above the minimum volume in both holdout groups, and only once both
  // have visitors; the cell says which of the two is missing.
  function lift(id, r) {
    if (r.lift) {
      const l = r.lift;
      return el("td", { id: id, class: "lift " + (l.low > 1 ? "lift-up" : l.high < 1 ? "lift-down" : "") }, [
        el("span", { class: "lift-ratio", text: l.ratio.toFixed(2) + "×" }),
        el("span", { class: "muted", text: " " + l.low.toFixed(2) + "–" + l.high.toFixed(2) }),
      ]);
    }
    const h = r.holdout;
    const enough = h && h.exposedMembers >= r.minLiftVolume && h.controlMembers >= r.minLiftVolume;
    return el("td", {
      id: id,
      class: "muted",
      title: "lift is shown once each holdout group has " + r.minLiftVolume + " members",
      text: enough ? "no visitors yet" : "not enough volume",
    });
  }

  function renderStoreKpis() {
    const section = byId("store-kpis");
    const r = state.storeReport;
    section.hidden = !storeFilter();
    if (!r || r.storeId !== storeFilter()) return;
    byId("store-kpis-title").textContent = r.name;
    byId("store-kpis-updated").textContent = r.updatedAt ? "updated " + time(r.updatedAt) : "nothing counted yet";
    setNumber("store-kpi-visits", count(r.visits));
    setNumber("store-kpi-cvr", percent(r.cvr));
    setNumber("store-kpi-store-sales", money(r.storeSales, r.currency));
    setNumber("store-kpi-online-sales", money(r.onlineSales, r.currency));
    setNumber("store-kpi-online-share", percent(r.onlineShare));
    // Each role counts a line's full value, so the roles are shown side by side, never summed.
    const perRole = new Map();
    r.creditFromOnlineSales.forEach((c) => {
      const amounts = perRole.get(c.role) || [];
      amounts.push(c.amount + " " + c.currency);
      perRole.set(c.role, amounts);
    });
    byId("store-kpi-credit").replaceChildren(
      ...[...perRole].map(([role, amounts]) =>
        el("span", { class: "role" }, [
          el("span", { class: "muted", text: role + " " }),
          el("span", { id: "store-kpi-credit-" + role, text: amounts.join(" + ") }),
        ])
      )
    );
  }

  function renderRows(tableId, emptyId, rows, toRow) {
    const body = byId(tableId).tBodies[0];
    body.replaceChildren();
    rows.slice(0, MAX_ROWS).forEach((row) => body.appendChild(toRow(row)));
    byId(emptyId).style.display = rows.length ? "none" : "block";
  }

  function matches(storeId, campaignId) {
    return (!storeFilter() || storeId === storeFilter()) && (!campaignFilter() || campaignId === campaignFilter());
  }

  function renderOffers() {
    const rows = state.stream.filter((item) => matches(item.value.storeId, item.value.campaignId));
    renderRows("offers", "offers-empty", rows, (item) => (item.kind === "offer" ? offerRow(item.value) : redemptionRow(item.value)));
    setNumber("offers-count", filteredCount(state.offerCounts));
    setNumber("redemptions-count", filteredCount(state.redemptionCounts, "accepted"));
    setNumber("refusals-count", filteredCount(state.redemptionCounts, "refused"));
  }

  function offerRow(o) {
    const redeemed = state.redeemedOffers.has(o.offerId);
    return el("tr", { id: "offer-" + o.offerId, title: o.reason || "" }, [
      el("td", { text: time(o.issuedAt) }),
      el("td", { text: o.customerId }),
      el("td", { text: storeName(o.storeId) }),
      el("td", { text: o.sku }),
      el("td", { text: o.campaignId || "–" }),
      el("td", {
        id: "offer-" + o.offerId + "-status",
        class: redeemed ? "pill-redeemed" : "pill-sent",
        text: (redeemed ? "redeemed" : "sent") + " · " + benefitText(o) + " · " + o.code,
      }),
    ]);
  }

  function redemptionRow(r) {
    const accepted = r.outcome === "accepted";
    return el("tr", { id: "redemption-" + r.redemptionId, class: "redemption" }, [
      el("td", { text: time(r.occurredAt) }),
      el("td", { text: r.customerId || "–" }),
      el("td", { text: storeName(r.storeId) }),
      el("td", { text: r.sku }),
      el("td", { text: r.campaignId || "–" }),
      el("td", {
        id: "redemption-" + r.redemptionId + "-status",
        class: accepted ? "pill-redeemed" : "pill-refused",
        text: (accepted ? "code accepted" : "code refused: " + r.refusal) + " · " + r.code,
      }),
    ]);
  }

  // Counts are kept per store, campaign (and outcome), so that a filter sums what it selects.
  function filteredCount(counts, outcome) {
    let total = 0;
    for (const [key, n] of counts) {
      const [store, campaign, kind] = key.split("|");
      if (matches(store, campaign) && (!outcome || kind === outcome)) total += n;
    }
    return total;
  }

  function countKey(storeId, campaignId, outcome) {
    return storeId + "|" + (campaignId || "") + "|" + (outcome || "");
  }

  function renderVisits() {
    const rows = state.visits.filter((v) => !storeFilter() || v.storeId === storeFilter());
    renderRows("visits", "visits-empty", rows, (v) =>
      el("tr", {}, [
        el("td", { text: time(v.status === "open" ? v.enteredAt : v.lastSeenAt) }),
        el("td", { text: v.customerId }),
        el("td", { text: storeName(v.storeId) }),
        el("td", { class: "pill-" + v.status, text: visitStep(v) }),
        el("td", { class: "num", text: duration(Math.max(0, (Date.parse(v.lastSeenAt) - Date.parse(v.enteredAt)) / 1000 | 0)) }),
      ])
    );
    const open = [...state.openVisits.values()].filter((v) => !storeFilter() || v.storeId === storeFilter());
    setNumber("visits-open-count", open.length);
  }

  function visitStep(v) {
    if (v.status === "closed") return "left";
    const where = v.zone ? " " + v.zone : "";
    return (v.status === "open" ? "entered" : "moved to") + where;
  }

  function renderStock() {
    const rows = state.stock.filter((s) => !storeFilter() || s.locationId === storeFilter());
    renderRows("stock", "stock-empty", rows, (s) =>
      el("tr", {}, [
        el("td", { text: time(s.updatedAt) }),
        el("td", { text: s.sku }),
        el("td", { text: storeName(s.locationId) }),
        el("td", { class: "num", text: String(s.onHand) }),
        el("td", { class: "num", text: String(s.reserved) }),
        el("td", { class: "num" + (s.available <= 0 ? " low" : ""), text: String(s.available) }),
      ])
    );
    let count = 0;
    for (const [location, n] of state.stockCounts) {
      if (!storeFilter() || location === storeFilter()) count += n;
    }
    setNumber("stock-changes-count", count);
  }

  function renderAll() {
    renderStoreKpis();
    renderFootfall();
    renderCampaigns();
    renderOffers();
    renderVisits();
    renderStock();
  }


  function keep(list, item) {
    list.unshift(item);
    if (list.length > MAX_KEPT) list.length = MAX_KEPT;
  }

  const handlers = {
    footfall(key, value) {
      if (value) state.footfall.set(key, value);
      else state.footfall.delete(key);
      renderFootfall();
      refreshToday(key.substring(0, key.lastIndexOf("@")));
    },
    "campaign-kpis"(key) {
      refreshCampaign(key);
    },
    "store-kpis"(key) {
      if (key === storeFilter()) refreshStore();
    },
    "store-credits"(key) {
      if (key === storeFilter()) refreshStore();
    },
    offers(key, value) {
      if (!value || state.offerIds.has(value.offerId)) return;
      state.offerIds.add(value.offerId);
      const counted = countKey(value.storeId, value.campaignId);
      state.offerCounts.set(counted, (state.offerCounts.get(counted) || 0) + 1);
      keep(state.stream, { kind: "offer", value: value });
      renderOffers();
    },
    redemptions(key, value) {
      if (!value || state.redemptionIds.has(value.redemptionId)) return;
      state.redemptionIds.add(value.redemptionId);
      if (value.outcome === "accepted" && value.offerId) state.redeemedOffers.add(value.offerId);
      const counted = countKey(value.storeId, value.campaignId, value.outcome);
      state.redemptionCounts.set(counted, (state.redemptionCounts.get(counted) || 0) + 1);
      keep(state.stream, { kind: "redemption", value: value });
      renderOffers();
    },
    visits(key, value) {
      if (!value) return;
      if (value.status === "closed") state.openVisits.delete(value.customerId);
      else state.openVisits.set(value.customerId, value);
      keep(state.visits, value);
      renderVisits();
    },
    inventory(key, value) {
      if (!value) return;
      state.stockCounts.set(value.locationId, (state.stockCounts.get(value.locationId) || 0) + 1);
      keep(state.stock, value);
      renderStock();
    },
  };

  function connect() {
    const status = byId("live-status");
    const source = new EventSource("/api/live");
    source.onopen = () => {
      status.textContent = "live";
      status.className = "status status-live";
      loadAll().catch((error) => console.error(error));
    };
    source.onerror = () => {
      status.textContent = source.readyState === EventSource.CLOSED ? "offline" : "reconnecting";
      status.className = "status " + (source.readyState === EventSource.CLOSED ? "status-down" : "status-connecting");
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 5000);
    };
    Object.keys(handlers).forEach((region) =>
      source.addEventListener(region, (event) => {
        const change = JSON.parse(event.data);
        handlers[region](change.key, change.value);
      })
    );
  }

  byId("store-filter").addEventListener("change", () => {
    state.storeReport = null;
    renderAll();
    refreshStore();
  });
  byId("campaign-filter").addEventListener("change", renderAll);
  byId("model-filter").addEventListener("change", () => reloadCampaigns().catch((error) => console.error(error)));
  // The 60-minute window moves with the clock, and a store's day ends at its local midnight.
  setInterval(() => {
    renderFootfall();
    state.stores.forEach((store) => refreshToday(store.storeId));
  }, 30000);
  loadAll().catch((error) => console.error(error));
  connect();

  // What an offer gives, in the words the member's phone shows.
  function benefitText(offer) {
    const benefit = offer.benefit;
    if (!benefit) {
      return offer.percentOff + "% off";
    }
    switch (benefit.kind) {
      case "amount-off":
        return benefit.value + " " + benefit.currency + " off";
      case "bonus-points":
        return benefit.value + " bonus points";
      default:
        return benefit.value + "% off";
    }
  }
})();
