// Drives the Strata dashboard in a real headless Chromium through playwright-core.
//
//   node dashboard.mjs check   --url URL --admin-key KEY --screenshot FILE [--wrong-key KEY]
//   node dashboard.mjs measure --url URL --admin-key KEY [--repetitions N]
//
// check: signs in (first with a wrong key, which must show the API's error), waits until every
// panel is drawn, reads the totals the page shows and each panel's data, switches the period and
// the tag, reopens the page (recording the admin calls it makes), signs out, and prints one JSON
// document on stdout. A Content-Security-Policy violation,
// a page error or a console error fails it.
// measure: opens the page N times in fresh browser contexts (cold cache) with the admin key
// already in sessionStorage and prints, as JSON, how long each first load took from navigation
// until every panel but the late ones (tag, pricing tiers) was drawn, until the tag panel was,
// until the pricing-tier panel was, and until all was.
// Chromium comes from STRATA_CHROMIUM or /usr/bin/chromium; playwright never downloads a browser.

import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const READY_TIMEOUT_MS = 60_000;
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

function options(argv) {
  const [mode, ...rest] = argv;
  const values = { mode };
  for (let i = 0; i < rest.length; i += 2) {
    if (!rest[i].startsWith('--') || rest[i + 1] === undefined) {
      throw new Error(`expected --name value pairs, got ${rest.slice(i).join(' ')}`);
    }
    values[rest[i].slice(2)] = rest[i + 1];
  }
  if (!['check', 'measure'].includes(mode) || !values.url || !values['admin-key']) {
    throw new Error('usage: node dashboard.mjs check|measure --url URL --admin-key KEY [...]');
  }
  return values;
}

async function launch() {
  return chromium.launch({
    executablePath: process.env.STRATA_CHROMIUM || '/usr/bin/chromium',
    args: LAUNCH_ARGS,
    timeout: 60_000,
  });
}

/** Records what would mean the page is broken: CSP violations, uncaught errors, console errors. */
async function watch(page) {
  const problems = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') {
      problems.push(`console error: ${message.text()}`);
    }
  });
  return problems;
}

async function waitUntilSettled(page) {
  await page.waitForFunction(
    () => ['ready', 'error'].includes(document.body.dataset.state),
    null,
    { timeout: READY_TIMEOUT_MS, polling: 50 },
  );
  return page.evaluate(() => document.body.dataset.state);
}

/** The totals as the page shows them, by data-total name. */
function shownTotals(page) {
  return page.$$eval('[data-total]', (elements) =>
    Object.fromEntries(elements.map((e) => [e.dataset.total, e.textContent.trim()])),
  );
}

/** Each chart element: whether Chart.js drew a canvas of non-zero size into it. */
function drawnCharts(page) {
  return page.$$eval('[data-chart], .budget .chart', (elements) =>
    elements.map((element) => {
      const canvas = element.querySelector('canvas');
      return {
        chart: element.dataset.chart ?? `budget:${element.closest('.budget').dataset.budget}`,
        drawn: Boolean(canvas && canvas.width > 0 && canvas.height > 0),
      };
    }),
  );
}

async function check(values) {
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const problems = await watch(page);
    await page.goto(values.url, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('#sign-in-form', { state: 'visible' });

    let wrongKeyError = null;
    if (values['wrong-key']) {
      await page.fill('#admin-key', values['wrong-key']);
      await page.click('#sign-in-form button[type=submit]');
      await page.waitForSelector('#sign-in-error', { state: 'visible', timeout: READY_TIMEOUT_MS });
      wrongKeyError = (await page.textContent('#sign-in-error')).trim();
      // The 401s are expected here; only console errors after they all came back count.
      await page.waitForLoadState('networkidle');
      problems.length = 0;
    }

    await page.fill('#admin-key', values['admin-key']);
    await page.click('#sign-in-form button[type=submit]');
    const state = await waitUntilSettled(page);
    const snapshot = await page.evaluate(() => window.strataDashboard.snapshot());
    const totals = await shownTotals(page);
    const charts = await drawnCharts(page);
    const budgetsShown = await page.$$eval('.budget', (cards) =>
      cards.map((card) => ({ id: card.dataset.budget, figures: card.querySelector('.figures').textContent })),
    );
    const latestRows = await page.$$eval('#latest-requests tbody tr', (rows) => rows.length);
    const topSpenders = await page.$$eval('#top-spenders tbody tr', (rows) =>
      rows.map((row) => [...row.cells].map((cell) => cell.textContent)),
    );
    const tiers = {
      tables: await page.$$eval('#tiers table', (tables) =>
        Object.fromEntries(
          tables.map((table) => [
            table.id,
            [...table.querySelectorAll('tbody tr')].map((row) => [...row.cells].map((cell) => cell.textContent)),
          ]),
        ),
      ),
      utilisationShown: await page.isVisible('#tier-utilisation-part'),
    };
    const storage = await page.evaluate(() => ({
      sessionKey: sessionStorage.getItem('strata.adminKey'),
      localStorageKeys: Object.keys(localStorage),
      cookie: document.cookie,
      url: location.href,
    }));
    if (values.screenshot) {
      mkdirSync(dirname(values.screenshot), { recursive: true });
      await page.screenshot({ path: values.screenshot, fullPage: true });
    }

    // Another period, then another tag: the page reloads what they change.
    await page.click('[data-period="7d"]');
    await waitUntilSettled(page);
    const week = await page.evaluate(() => window.strataDashboard.snapshot());
    let otherTag = null;
    const tags = week.tags.filter((tag) => tag !== week.tag);
    if (tags.length) {
      await page.selectOption('#tag-name', tags[0]);
      await page
        .waitForFunction(
          (tag) =>
            window.strataDashboard.snapshot().panels['by-tag']?.tag === tag &&
            document.body.dataset.state === 'ready',
          tags[0],
          { timeout: READY_TIMEOUT_MS, polling: 50 },
        )
        .catch(async (timeout) => {
          const seen = await page.evaluate(() => window.strataDashboard.snapshot());
          throw new Error(
            `the ${tags[0]} tag panel never settled: status ${seen.status}, errors ${JSON.stringify(seen.errors)}, ` +
              `tag panel ${JSON.stringify(seen.panels['by-tag'])}; ${timeout.message}`,
          );
        });
      otherTag = (await page.evaluate(() => window.strataDashboard.snapshot())).panels['by-tag'];
    }

    // Opened again in this tab (the key is in sessionStorage): early-calls.js starts the first
    // load's admin calls before the modules run, and the page must use those answers, not ask twice.
    await page.reload({ waitUntil: 'commit' });
    await waitUntilSettled(page);
    const reopened = {
      totals: await shownTotals(page),
      adminCalls: await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((entry) => new URL(entry.name))
          .filter((url) => url.pathname.startsWith('/admin/'))
          .map((url) => url.pathname + url.search),
      ),
    };

    await page.click('#sign-out');
    await page.waitForSelector('#sign-in-form', { state: 'visible' });
    const signedOut = await page.evaluate(() => ({
      sessionKey: sessionStorage.getItem('strata.adminKey'),
      state: document.body.dataset.state,
    }));

    return {
      state,
      wrongKeyError,
      totals,
      snapshot,
      charts,
      budgetsShown,
      latestRows,
      topSpenders,
      tiers,
      storage,
      week: { totals: week.totals, period: week.period, since: week.since },
      otherTag,
      reopened,
      signedOut,
      problems,
    };
  } finally {
    await browser.close();
  }
}

async function measure(values) {
  const repetitions = Number(values.repetitions ?? 10);
  const browser = await launch();
  const loads = [];
  try {
    for (let i = 0; i < repetitions; i++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
      await context.addInitScript((key) => {
        if (!sessionStorage.getItem('strata.adminKey')) sessionStorage.setItem('strata.adminKey', key);
      }, values['admin-key']);
      const page = await context.newPage();
      await page.goto(values.url, { waitUntil: 'commit' });
      const state = await waitUntilSettled(page);
      const timing = await page.evaluate(() => {
        const panels = Object.entries(window.strataDashboard.snapshot().panels);
        return {
          readyMillis: Math.round(performance.now()),
          firstLoadMillis: Math.max(
            ...panels.filter(([name]) => !['by-tag', 'tiers'].includes(name)).map(([, p]) => p.drawnAtMillis),
          ),
          tagMillis: panels.find(([name]) => name === 'by-tag')?.[1].drawnAtMillis ?? null,
          tiersMillis: panels.find(([name]) => name === 'tiers')?.[1].drawnAtMillis ?? null,
        };
      });
      loads.push({ state, ...timing });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const summary = (field) => {
    const sorted = loads.map((load) => load[field]).sort((a, b) => a - b);
    const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * q) - 1)];
    return { median: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] };
  };
  return {
    repetitions,
    firstLoadMillis: summary('firstLoadMillis'),
    tagPanelMillis: summary('tagMillis'),
    tiersPanelMillis: summary('tiersMillis'),
    everythingMillis: summary('readyMillis'),
    loads,
  };
}

try {
  const values = options(process.argv.slice(2));
  const result = values.mode === 'check' ? await check(values) : await measure(values);
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
} catch (failure) {
  process.stderr.write(`dashboard.mjs: ${failure.stack ?? failure}\n`);
  process.exitCode = 1;
}
