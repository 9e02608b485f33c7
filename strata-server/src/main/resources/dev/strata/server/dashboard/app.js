// The dashboard: sign-in with the admin key (kept in this tab's sessionStorage only), then every
// panel loaded in parallel from the admin API and drawn as its answer arrives. The page's state is
// readable as window.strataDashboard.snapshot() — what each panel shows — for tests and scripts.

import { AdminClient, ApiError } from './api.js';
import { formatCount, formatUsd } from './money.js';
import * as panels from './panels.js';
import * as tables from './tables.js';

const STORED_KEY = 'strata.adminKey';
const STORED_PERIOD = 'strata.period';
const STORED_TAG = 'strata.tag';
const PERIODS = { '7d': 7, '30d': 30, '90d': 90 };
const DAY_MS = 86_400_000;
const LATEST_REQUESTS = 25;
const MAX_BUDGETS = 12;

const $ = (selector) => document.querySelector(selector);
const charts = new Map();
const view = {
  status: 'starting',
  period: Object.hasOwn(PERIODS, sessionStorage.getItem(STORED_PERIOD) ?? '') ? sessionStorage.getItem(STORED_PERIOD) : '30d',
  since: null,
  tag: sessionStorage.getItem(STORED_TAG),
  tags: [],
  loadMillis: null,
  errors: [],
  totals: {},
  panels: {},
};
let client = null;
let unconfirmedKey = null; // a key just typed in, stored once the API has accepted it
let generation = 0;
let keysById = new Map();

window.strataDashboard = Object.freeze({
  /** A copy of what the page shows: status, period, totals as displayed, each panel's data. */
  snapshot: () => JSON.parse(JSON.stringify(view)),
});

function setStatus(status) {
  view.status = status;
  document.body.dataset.state = status;
}

function showSignIn(message) {
  $('#dashboard').hidden = true;
  $('#controls').hidden = true;
  $('#sign-in').hidden = false;
  const error = $('#sign-in-error');
  error.hidden = !message;
  error.textContent = message ?? '';
  setStatus('signed-out');
  $('#admin-key').focus();
}

function showDashboard() {
  $('#sign-in').hidden = true;
  $('#dashboard').hidden = false;
  $('#controls').hidden = false;
  for (const button of document.querySelectorAll('[data-period]')) {
    button.classList.toggle('active', button.dataset.period === view.period);
  }
}

function signOut(message) {
  generation++;
  client = null;
  unconfirmedKey = null;
  sessionStorage.removeItem(STORED_KEY);
  discard();
  $('#budgets').replaceChildren();
  view.panels = {};
  view.totals = {};
  showSignIn(message);
}

/**
 * Chart.js, once its deferred script has run: this module runs before it, so that nothing waits
 * for the library but the drawing itself.
 */
const chartsLoaded = new Promise((resolve, reject) => {
  const settle = () => {
    if (!globalThis.Chart) {
      reject(new Error('the chart library did not load'));
      return;
    }
    globalThis.Chart.defaults.font.family = 'system-ui, sans-serif';
    resolve(globalThis.Chart);
  };
  if (globalThis.Chart || document.readyState === 'complete') {
    settle();
  } else {
    document.addEventListener('DOMContentLoaded', settle, { once: true });
  }
});

/** Removes a chart, or every chart when no name is given. */
function discard(name) {
  for (const [key, instance] of charts) {
    if (name === undefined || key === name) {
      instance.destroy();
      charts.delete(key);
    }
  }
}

/**
 * Draws a panel's chart from a Chart.js configuration into its box, on a new canvas each time.
 * Chart.js draws synchronously (animation is off), so the chart is on screen when this resolves.
 */
async function draw(name, config, element) {
  const Chart = await chartsLoaded;
  discard(name);
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', name);
  (element ?? $(`[data-chart="${name}"]`)).replaceChildren(canvas);
  charts.set(name, new Chart(canvas, config));
}

/** Shows a line of text in a panel's chart box instead of a chart. */
function chartNote(name, text) {
  discard(name);
  const note = document.createElement('p');
  note.className = 'chart-note';
  note.textContent = text;
  $(`[data-chart="${name}"]`).replaceChildren(note);
}

function showTotal(name, usd) {
  const text = formatUsd(usd);
  view.totals[name] = text;
  for (const element of document.querySelectorAll(`[data-total="${name}"]`)) {
    element.textContent = text;
  }
}

function showText(name, text) {
  view.totals[name] = text;
  $(`[data-total="${name}"]`).textContent = text;
}

/**
 * The start of a period: midnight UTC so many days ago. Every panel of one load shares it, so
 * their totals agree, and whole days are answered from the ledger's daily rollups.
 */
function sinceFor(period) {
  return new Date((Math.floor(Date.now() / DAY_MS) - PERIODS[period]) * DAY_MS).toISOString();
}

function drawn(name, data) {
  view.panels[name] = { drawn: true, drawnAtMillis: Math.round(performance.now()), ...data };
}

async function panel(name, work) {
  try {
    await work();
  } catch (failure) {
    if (failure instanceof ApiError && failure.status === 401) {
      throw failure;
    }
    view.errors.push(`${name}: ${failure.message}`);
    view.panels[name] = { drawn: false, error: failure.message };
  }
}

/** Loads and draws every panel for the chosen period. */
async function load() {
  const mine = ++generation;
  const api = client;
  const since = sinceFor(view.period);
  view.since = since;
  const started = performance.now();
  view.errors = [];
  view.loadMillis = null;
  view.panels = {};
  setStatus('loading');
  showText('by-tag', 'loading…');
  $('#load-error').hidden = true;

  // Cheap calls first: a browser runs at most six at once, and they should not queue behind the
  // explorer's. Spend by key, team and model is one query; three panels show it.
  const budgets = api.budgets();
  const keys = api.keys();
  const latest = api.requests(LATEST_REQUESTS);
  const byDay = api.costs({ since, by: 'day,model' });
  const byKeyTeamModel = api.costs({ since, by: 'key,team,model' });
  const savings = api.savings({ since });
  const current = () => mine === generation;
  const names = keys.then(
    (list) => (keysById = new Map(list.data.map((key) => [key.id, key]))),
    () => new Map(),
  );
  const keyLabel = (id) => (keysById.get(id) ? `${keysById.get(id).name} (${id})` : id || '(none)');

  const work = [
    panel('budgets', () => loadBudgets(api, budgets, mine)),
    panel('over-time', async () => {
      const report = await byDay;
      if (!current()) return;
      const built = panels.spendOverTime(report);
      showTotal('over-time', report.total.cost_usd);
      await draw('over-time', built.config);
      drawn('over-time', { total: report.total.cost_usd, rows: built.rows, series: built.series });
    }),
    panel('by-model', async () => {
      const report = await byKeyTeamModel;
      if (!current()) return;
      const built = panels.share(panels.groupBy(report, 'model'));
      const total = report.total;
      showTotal('by-model', total.cost_usd);
      showTotal('spend', total.cost_usd);
      showText('requests', formatCount(total.requests));
      showText('tokens', formatCount(total.input_tokens + total.output_tokens + total.cache_read_tokens + total.cache_write_tokens));
      await draw('by-model', built.config);
      drawn('by-model', { total: total.cost_usd, rows: built.rows });
    }),
    panel('by-team', async () => {
      const report = await byKeyTeamModel;
      if (!current()) return;
      const built = panels.ranking(panels.groupBy(report, 'team'));
      showTotal('by-team', report.total.cost_usd);
      await draw('by-team', built.config);
      drawn('by-team', { total: report.total.cost_usd, rows: built.rows });
    }),
    panel('by-key', async () => {
      const [report] = await Promise.all([byKeyTeamModel, names]);
      if (!current()) return;
      const built = panels.ranking(panels.groupBy(report, 'key', keyLabel));
      showTotal('by-key', report.total.cost_usd);
      await draw('by-key', built.config);
      drawn('by-key', { total: report.total.cost_usd, rows: built.rows });
    }),
    panel('top-spenders', async () => {
      const [report] = await Promise.all([byKeyTeamModel, names]);
      if (!current()) return;
      const rows = panels.groupBy(report, 'key', (id) => id).map((row) => ({ id: row.label, ...row }));
      tables.topSpenders($('#top-spenders'), rows, keysById);
      drawn('top-spenders', { rows: rows.slice(0, 10).map((r) => ({ label: r.id, usd: r.usd })) });
    }),
    panel('savings', async () => {
      const report = await savings;
      if (!current()) return;
      const built = panels.savings(report);
      showTotal('savings', report.total.savings_usd);
      showTotal('savings-total', report.total.savings_usd);
      tables.savings($('#savings-table'), report);
      await draw('savings', built.config);
      drawn('savings', { total: report.total.savings_usd, rows: built.rows });
    }),
    panel('latest-requests', async () => {
      const [records] = await Promise.all([latest, names]);
      if (!current()) return;
      tables.latestRequests($('#latest-requests'), records.data, keysById);
      $('#requests-note').textContent = `newest ${records.data.length}`;
      drawn('latest-requests', { rows: records.data.map((r) => ({ label: r.request_id, usd: r.cost_usd })) });
    }),
  ];
  try {
    await Promise.all(work);
    // Tag groupings and tier advice read raw ledger records, the slowest queries: they run once
    // the rest is drawn, so they never delay the other panels.
    await Promise.all([
      panel('by-tag', async () => {
        const tag = await chooseTag(latest, keys);
        if (!current()) return;
        await loadTag(api, since, tag, mine);
      }),
      panel('tiers', () => loadTiers(api, since, mine)),
    ]);
  } catch (failure) {
    if (current()) signOut(failure.message);
    return;
  }
  if (!current()) return;
  if (unconfirmedKey !== null) {
    sessionStorage.setItem(STORED_KEY, unconfirmedKey);
    unconfirmedKey = null;
  }
  view.loadMillis = Math.round(performance.now() - started);
  if (view.errors.length) {
    const error = $('#load-error');
    error.textContent = view.errors.join(' · ');
    error.hidden = false;
    setStatus('error');
  } else {
    setStatus('ready');
  }
}

/** The tag shown: the remembered one, else the first seen on the latest requests, then on keys. */
async function chooseTag(latest, keys) {
  const seen = new Set();
  try {
    for (const record of (await latest).data) {
      Object.keys(record.tags).forEach((name) => seen.add(name));
    }
  } catch {
    // the latest-requests panel reports the failure
  }
  try {
    for (const key of (await keys).data) {
      Object.keys(key.tags).forEach((name) => seen.add(name));
    }
  } catch {
    // the key panels report the failure
  }
  view.tags = [...seen];
  if (!view.tag || !seen.has(view.tag)) {
    view.tag = view.tags[0] ?? null;
  }
  const select = $('#tag-name');
  select.replaceChildren(
    ...view.tags.map((name) => {
      const option = document.createElement('option');
      option.value = name;
      option.textContent = name;
      option.selected = name === view.tag;
      return option;
    }),
  );
  select.disabled = view.tags.length === 0;
  return view.tag;
}

async function loadTag(api, since, tag, mine) {
  if (!tag) {
    showText('by-tag', 'no tags yet');
    chartNote('by-tag', 'No request carries a tag yet.');
    drawn('by-tag', { tag: null, rows: [] });
    return;
  }
  const report = await api.costs({ since, by: `tag:${tag}` });
  if (mine !== generation) return;
  const built = panels.ranking(panels.groupBy(report, `tag:${tag}`, (value) => value || '(untagged)'));
  showTotal('by-tag', report.total.cost_usd);
  await draw('by-tag', built.config);
  drawn('by-tag', { tag, total: report.total.cost_usd, rows: built.rows });
}

/** A call's answer, or null when this server does not offer the route (404). */
async function unlessMissing(call) {
  try {
    return await call;
  } catch (failure) {
    if (failure instanceof ApiError && failure.status === 404) return null;
    throw failure;
  }
}

/**
 * The pricing-tier panel: batch and provisioned recommendations for the period and, where the
 * server offers it, the provisioned models' break-even report.
 */
async function loadTiers(api, since, mine) {
  const [advice, report] = await Promise.all([
    unlessMissing(api.tiers({ since })),
    unlessMissing(api.provisionedReport({ since })),
  ]);
  if (mine !== generation) return;
  if (!advice) {
    showText('tiers-batch', 'n/a');
    showText('tiers-provisioned', 'n/a');
    $('#tiers-note').textContent = 'Tier advice is not enabled on this server.';
    tables.fill($('#tier-batch'), [{ label: 'Key' }], [], 'Not available.');
    tables.fill($('#tier-provisioned'), [{ label: 'Model' }], [], 'Not available.');
  } else {
    showTotal('tiers-batch', advice.batch.saving_usd);
    showTotal('tiers-provisioned', advice.provisioned.saving_usd);
    $('#tiers-note').textContent =
      `${formatCount(advice.batch.keys_considered)} keys, ${formatCount(advice.provisioned.hours)} whole hours · price book ${advice.price_book}`;
    tables.tierBatch($('#tier-batch'), advice, keysById);
    tables.tierProvisioned($('#tier-provisioned'), advice);
  }
  $('#tier-utilisation-part').hidden = !report;
  if (report) {
    tables.provisionedUtilisation($('#tier-utilisation'), report);
  }
  drawn('tiers', {
    available: Boolean(advice),
    hours: advice?.provisioned.hours ?? null,
    batchSaving: advice?.batch.saving_usd ?? null,
    provisionedSaving: advice?.provisioned.saving_usd ?? null,
    batch: (advice?.batch.data ?? []).map((key) => ({
      label: key.key_id,
      usd: key.saving_usd,
      models: key.models.map((model) => model.model),
    })),
    provisioned: (advice?.provisioned.data ?? []).map((model) => ({
      label: model.model,
      units: model.model_units,
      recommended: model.recommended_commitment,
      savings: Object.fromEntries(model.terms.map((term) => [term.commitment, term.saving_usd])),
    })),
    utilisation: report ? report.data.map((model) => ({ label: model.name, usd: model.saving_usd, utilisation: model.utilisation })) : null,
  });
}

/** The explorer filter that selects a budget's scope (a model budget: the requested model). */
function scopeFilter(scope) {
  if (scope === 'deployment') return {};
  const colon = scope.indexOf(':');
  const kind = scope.slice(0, colon);
  const value = scope.slice(colon + 1);
  if (kind === 'tag') {
    const equals = value.indexOf('=');
    return { tag: `${value.slice(0, equals)}:${value.slice(equals + 1)}` };
  }
  return { [kind]: value };
}

async function loadBudgets(api, budgets, mine) {
  let list;
  try {
    list = (await budgets).data;
  } catch (failure) {
    if (failure instanceof ApiError && failure.status === 404) {
      list = null; // spend controls are off on this server
    } else {
      throw failure;
    }
  }
  if (mine !== generation) return;
  const holder = $('#budgets');
  for (const name of [...charts.keys()].filter((key) => key.startsWith('budget:'))) {
    discard(name);
  }
  holder.replaceChildren();
  if (!list || !list.length) {
    const empty = document.createElement('p');
    empty.className = 'note';
    empty.textContent = list ? 'No budgets. Create one with bin/strata budgets create or POST /admin/budgets.' : 'Budgets are not enabled on this server.';
    holder.appendChild(empty);
    drawn('budgets', { budgets: [] });
    return;
  }
  const now = Date.now();
  const shown = list.slice(0, MAX_BUDGETS);
  const results = await Promise.all(
    shown.map(async (budget) => {
      const card = document.createElement('div');
      card.className = 'budget';
      card.dataset.budget = budget.id;
      const title = document.createElement('h3');
      title.textContent = `${budget.name} · ${budget.scope} · ${budget.period} · ${budget.enforcement}`;
      const figures = document.createElement('p');
      figures.className = 'figures';
      figures.dataset.spent = formatUsd(budget.spent_usd);
      figures.textContent =
        `spent ${formatUsd(budget.spent_usd)} of ${formatUsd(budget.limit_usd)}` +
        ` (${(budget.used_fraction * 100).toFixed(1)}%)` +
        (budget.forecast_usd !== null ? ` · forecast ${formatUsd(budget.forecast_usd)} by ${budget.period_end.slice(0, 10)}` : '');
      const area = document.createElement('div');
      area.className = 'chart small';
      card.append(title, figures, area);
      holder.appendChild(card);
      const bucket = panels.burnDownBucket(budget);
      const since = budget.period === 'total' ? '1970-01-01T00:00:00Z' : budget.period_start;
      const report = await api.costs({ since, by: bucket, ...scopeFilter(budget.scope) });
      if (mine !== generation) return null;
      const built = panels.burnDown(budget, report, now);
      await draw(`budget:${budget.id}`, built.config, area);
      return {
        id: budget.id,
        name: budget.name,
        scope: budget.scope,
        spent: budget.spent_usd,
        shown: figures.dataset.spent,
        limit: budget.limit_usd,
        forecast: budget.forecast_usd,
        cumulative: built.cumulative,
      };
    }),
  );
  if (list.length > shown.length) {
    const more = document.createElement('p');
    more.className = 'note';
    more.textContent = `${list.length - shown.length} more budgets: see GET /admin/budgets.`;
    holder.appendChild(more);
  }
  drawn('budgets', { budgets: results.filter(Boolean) });
}

function connect(key, confirmed) {
  client = new AdminClient(key);
  unconfirmedKey = confirmed ? null : key;
}

function start() {
  $('#sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const key = $('#admin-key').value.trim();
    $('#admin-key').value = '';
    if (!key) return;
    sessionStorage.removeItem(STORED_KEY);
    connect(key, false);
    showDashboard();
    load();
  });
  $('#sign-out').addEventListener('click', () => signOut());
  $('#refresh').addEventListener('click', () => load());
  for (const button of document.querySelectorAll('[data-period]')) {
    button.addEventListener('click', () => {
      view.period = button.dataset.period;
      sessionStorage.setItem(STORED_PERIOD, view.period);
      showDashboard();
      load();
    });
  }
  $('#tag-name').addEventListener('change', async (event) => {
    view.tag = event.target.value;
    sessionStorage.setItem(STORED_TAG, view.tag);
    const mine = generation;
    setStatus('loading');
    try {
      await loadTag(client, view.since, view.tag, mine);
      if (mine === generation) setStatus(view.errors.length ? 'error' : 'ready');
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) signOut(failure.message);
      else {
        view.errors.push(`by-tag: ${failure.message}`);
        setStatus('error');
      }
    }
  });
  
  const stored = sessionStorage.getItem(STORED_KEY);
  if (stored) {
    connect(stored, true);
    showDashboard();
    load();
  } else {
    showSignIn();
  }
}

start();
