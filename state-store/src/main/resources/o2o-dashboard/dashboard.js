// The live dashboard: loads the current view from the JSON API, then applies every change the
// state store pushes on /api/live. On each (re)connection it reloads the view, so nothing missed
// while disconnected stays missing.
(function () {
  "use strict";

  const WINDOW_MINUTES = 60;
  const MAX_ROWS = 50;
  const MAX_KEPT = 300;

  const state = {
    stores: [],
    storeNames: {},
    campaigns: new Map(),
    footfall: new Map(),
    offers: [],
    offerIds: new Set(),
    offerCounts: new Map(),
    visits: [],
    openVisits: new Map(),
    stock: [],
    stockCounts: new Map(),
    clockOffset: 0,
  };

  const byId = (id) => document.getElementById(id);
  const storeFilter = () => byId("store-filter").value;
  const campaignFilter = () => byId("campaign-filter").value;

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

  async function getJson(path) {
    const response = await fetch(path, { cache: "no-store" });
    if (!response.ok) throw new Error(path + " answered " + response.status);
    return response.json();
  }


  async function loadAll() {
    const [locations, campaigns, footfall] = await Promise.all([
      getJson("/api/stores"),
      getJson("/api/campaigns"),
      getJson("/api/footfall?minutes=" + WINDOW_MINUTES),
    ]);
    state.stores = locations.stores;
    state.storeNames = {};
    state.stores.forEach((s) => (state.storeNames[s.storeId] = s.name));
    state.storeNames[locations.warehouse.locationId] = locations.warehouse.name;
    fillSelect("store-filter", state.stores.map((s) => [s.storeId, s.name]));

    state.campaigns = new Map();
    campaigns.campaigns.forEach((c) => state.campaigns.set(c.campaignId, c));
    fillSelect("campaign-filter", [...state.campaigns.values()].map((c) => [c.campaignId, c.name || c.campaignId]));

    const offset = Date.parse(footfall.to) - Math.floor(Date.now() / 60000) * 60000;
    state.clockOffset = Math.abs(offset) > 90000 ? offset : 0;
    state.footfall = new Map();
    footfall.stores.forEach((s) => s.minutes.forEach((m) => state.footfall.set(s.storeId + "@" + m.minute, m)));
    renderAll();
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
          ])
        );
      });
    setNumber("footfall-total-entries", totalEntries);
    setNumber("footfall-total-visits", totalVisits);
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
    let total = 0;
    for (const c of state.campaigns.values()) {
      if (campaignFilter() && c.campaignId !== campaignFilter()) continue;
      total += c.attributedVisits || 0;
      const visits = c.attributedVisits || 0;
      const spend = c.spend ? Number(c.spend) : null;
      const costPerVisit = spend !== null && visits > 0 ? (spend / visits).toFixed(2) + " " + (c.currency || "") : "–";
      body.appendChild(
        el("tr", { id: "campaign-" + c.campaignId }, [
          el("td", {}, [el("div", { text: c.name || c.campaignId }), el("div", { class: "muted", text: c.campaignId })]),
          el("td", {}, (c.categories || []).map((cat) => el("span", { class: "tag", text: cat }))),
          el("td", { class: "num", text: c.percentOff !== undefined ? c.percentOff + "%" : "–" }),
          el("td", { class: "num", text: spend !== null ? spend.toFixed(2) + " " + (c.currency || "") : "–" }),
          el("td", { class: "num", id: "campaign-" + c.campaignId + "-visits", text: String(visits) }),
          el("td", { class: "num", text: costPerVisit }),
        ])
      );
    }
    setNumber("campaigns-total-visits", total);
  }

  function renderRows(tableId, emptyId, rows, toRow) {
    const body = byId(tableId).tBodies[0];
    body.replaceChildren();
    rows.slice(0, MAX_ROWS).forEach((row) => body.appendChild(toRow(row)));
    byId(emptyId).style.display = rows.length ? "none" : "block";
  }

  function renderOffers() {
    const rows = state.offers.filter(
      (o) => (!storeFilter() || o.storeId === storeFilter()) && (!campaignFilter() || o.campaignId === campaignFilter())
    );
    renderRows("offers", "offers-empty", rows, (o) =>
      el("tr", { title: o.reason || "" }, [
        el("td", { text: time(o.issuedAt) }),
        el("td", { text: o.customerId }),
        el("td", { text: storeName(o.storeId) }),
        el("td", { text: o.sku }),
        el("td", { class: "num", text: o.percentOff + "%" }),
        el("td", { text: o.campaignId || "–" }),
      ])
    );
    let count = 0;
    for (const [key, n] of state.offerCounts) {
      const [store, campaign] = key.split("|");
      if ((!storeFilter() || store === storeFilter()) && (!campaignFilter() || campaign === campaignFilter())) count += n;
    }
    setNumber("offers-count", count);
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
    },
    "campaign-stats"(key, value) {
      const campaign = state.campaigns.get(key) || { campaignId: key, configured: false };
      campaign.attributedVisits = value ? value.attributedVisits : 0;
      campaign.stats = value;
      state.campaigns.set(key, campaign);
      renderCampaigns();
    },
    offers(key, value) {
      if (!value || state.offerIds.has(value.offerId)) return;
      state.offerIds.add(value.offerId);
      const countKey = value.storeId + "|" + (value.campaignId || "");
      state.offerCounts.set(countKey, (state.offerCounts.get(countKey) || 0) + 1);
      keep(state.offers, value);
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

  byId("store-filter").addEventListener("change", renderAll);
  byId("campaign-filter").addEventListener("change", renderAll);
  setInterval(renderFootfall, 30000);
  loadAll().catch((error) => console.error(error));
  connect();
})();
