// Chart.js configurations for each panel, built from admin API answers. Every figure a reader sees
// in a tooltip is the API's exact dollar string (each dataset carries them as `usd`, one per
// point); numbers only size the marks.

import { chartValue, formatUsd, fromPico, sumUsd, toPico } from './money.js';

const TOP = 10;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const PALETTE = [
  '#3b6fd8', '#e0812f', '#2f9e6f', '#c4455a', '#8a5cc7', '#2aa3b8', '#b59b1e', '#7a7f8a',
  '#d1609e', '#5e8c31', '#9aa5b8',
];

const dollars = (value) => `$${value}`;

/** What every chart shares: drawn at once (no animation), sized by its box, exact tooltips. */
function config(type, data, options = {}) {
  const { plugins = {}, ...rest } = options;
  return {
    type,
    data,
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      ...rest,
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (item) => formatUsd(item.dataset.usd[item.dataIndex]) } },
        ...plugins,
      },
    },
  };
}

function legend(position) {
  return { display: true, position, labels: { boxWidth: 12, boxHeight: 12 } };
}

/** A dataset of dollar amounts: the numbers to draw and, for tooltips, the exact strings. */
function dataset(label, amounts, color, extra = {}) {
  return { label, data: amounts.map(chartValue), usd: amounts, backgroundColor: color, borderColor: color, ...extra };
}

/**
 * A cost report's rows summed by one of its dimensions, most expensive first: the page asks once
 * for spend by key, team and model and shows each of the three from that one answer. Sums are
 * exact (pico-dollars).
 */
export function groupBy(report, dimension, labelOf = (value) => value || '(none)') {
  const groups = new Map();
  for (const row of report.data) {
    const label = labelOf(row.group[dimension] ?? '');
    const group = groups.get(label) ?? { label, pico: 0n, requests: 0 };
    group.pico += toPico(row.cost_usd);
    group.requests += row.requests;
    groups.set(label, group);
  }
  return [...groups.values()]
    .sort((a, b) => (b.pico > a.pico ? 1 : b.pico < a.pico ? -1 : a.label < b.label ? -1 : 1))
    .map(({ label, pico, requests }) => ({ label, usd: fromPico(pico), requests }));
}

/** The first TOP rows, and the rest summed exactly as one "others" row. */
function topAndOthers(rows) {
  if (rows.length <= TOP + 1) {
    return rows;
  }
  const rest = rows.slice(TOP);
  return [
    ...rows.slice(0, TOP),
    {
      label: `${rest.length} others`,
      usd: sumUsd(rest.map((row) => row.usd)),
      requests: rest.reduce((n, row) => n + row.requests, 0),
    },
  ];
}

/** Every UTC day from the report's start to its end, as the API labels days. */
function days(report) {
  const first = Math.floor(Date.parse(report.since) / DAY_MS) * DAY_MS;
  const last = Date.parse(report.until);
  const labels = [];
  for (let at = first; at < last; at += DAY_MS) {
    labels.push(new Date(at).toISOString().slice(0, 10));
  }
  return labels;
}

/** Spend per day stacked by model; models beyond the top ten are one "others" series. */
export function spendOverTime(report) {
  const labels = days(report);
  const cells = new Map();
  const perModel = new Map();
  for (const row of report.data) {
    const model = row.group.model || '(none)';
    const day = row.group.day;
    cells.set(`${model}\u0000${day}`, row.cost_usd);
    perModel.set(model, (perModel.get(model) ?? 0n) + toPico(row.cost_usd));
  }
  const models = [...perModel.entries()].sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0)).map(([m]) => m);
  const shown = models.length <= TOP + 1 ? models : models.slice(0, TOP);
  const hidden = models.slice(shown.length);
  const datasets = shown.map((model, i) =>
    dataset(model, labels.map((day) => cells.get(`${model}\u0000${day}`) ?? '0'), PALETTE[i % PALETTE.length]),
  );
  if (hidden.length) {
    datasets.push(
      dataset(
        `${hidden.length} others`,
        labels.map((day) => sumUsd(hidden.map((m) => cells.get(`${m}\u0000${day}`) ?? '0'))),
        PALETTE[PALETTE.length - 1],
      ),
    );
  }
  const perDay = labels.map((day) => ({
    label: day,
    usd: sumUsd(models.map((m) => cells.get(`${m}\u0000${day}`) ?? '0')),
  }));
  return {
    rows: perDay,
    series: [...perModel.entries()].map(([label, pico]) => ({ label, usd: fromPico(pico) })),
    config: config(
      'bar',
      { labels, datasets },
      {
        scales: { x: { stacked: true }, y: { stacked: true, ticks: { callback: dollars } } },
        plugins: {
          legend: legend('top'),
          tooltip: {
            callbacks: {
              label: (item) => `${item.dataset.label} · ${item.label}: ${formatUsd(item.dataset.usd[item.dataIndex])}`,
            },
          },
        },
      },
    ),
  };
}

/** A ranking of groups ({@link groupBy}'s rows) as horizontal bars, most expensive on top. */
export function ranking(rows) {
  const shown = topAndOthers(rows);
  const labels = shown.map((row) => row.label);
  return {
    rows,
    config: config(
      'bar',
      { labels, datasets: [dataset('spend', shown.map((row) => row.usd), PALETTE[0])] },
      {
        indexAxis: 'y',
        scales: {
          x: { ticks: { callback: dollars } },
          y: { ticks: { autoSkip: false, callback: (index) => truncate(labels[index], 28) } },
        },
      },
    ),
  };
}

function truncate(text, length) {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

/** The share of each group ({@link groupBy}'s rows) as a ring. */
export function share(rows) {
  const shown = topAndOthers(rows);
  const colors = shown.map((row, i) => PALETTE[i % PALETTE.length]);
  return {
    rows,
    config: config(
      'doughnut',
      { labels: shown.map((row) => row.label), datasets: [dataset('spend', shown.map((row) => row.usd), colors)] },
      { cutout: '60%', plugins: { legend: legend('right') } },
    ),
  };
}

/** What each lever's traffic would have cost at list price against what it cost. */
export function savings(report) {
  const levers = report.levers;
  return {
    rows: levers.map((lever) => ({ label: lever.lever, usd: lever.savings_usd })),
    config: config(
      'bar',
      {
        labels: levers.map((lever) => lever.lever.replace('_', ' ')),
        datasets: [
          dataset('at list price', levers.map((lever) => lever.baseline_cost_usd), PALETTE[0]),
          dataset('actual', levers.map((lever) => lever.actual_cost_usd), PALETTE[1]),
        ],
      },
      {
        scales: { x: { ticks: { autoSkip: false } }, y: { ticks: { callback: dollars } } },
        plugins: {
          legend: legend('top'),
          tooltip: {
            callbacks: {
              label: (item) => `${item.label} · ${item.dataset.label}: ${formatUsd(item.dataset.usd[item.dataIndex])}`,
            },
          },
        },
      },
    ),
  };
}

/** The time bucket of a budget's burn-down: hours for a daily budget, days otherwise. */
export function burnDownBucket(budget) {
  return budget.period === 'daily' ? 'hour' : 'day';
}

/**
 * A budget's period so far: cumulative spend at the end of each bucket (exact), the forecast to
 * the period's end as a dashed line, and the limit.
 */
export function burnDown(budget, report, now) {
  const start = Date.parse(budget.period_start);
  const endless = budget.period === 'total';
  const end = endless ? now : Date.parse(budget.period_end);
  const length = report.group_by[0] === 'hour' ? HOUR_MS : DAY_MS;
  const buckets = report.data
    .map((row) => {
      const label = row.group[report.group_by[0]];
      return { at: Date.parse(label.length === 10 ? `${label}T00:00:00Z` : label), usd: row.cost_usd };
    })
    .sort((a, b) => a.at - b.at);
  let total = 0n;
  const actual = endless && buckets.length ? [] : [{ at: start, usd: '0' }];
  for (const bucket of buckets) {
    total += toPico(bucket.usd);
    actual.push({ at: Math.min(bucket.at + length, now), usd: fromPico(total) });
  }
  if (!actual.length || actual[actual.length - 1].at < now) {
    actual.push({ at: now, usd: fromPico(total) });
  }
  const limit = budget.limit_usd;
  const datasets = [
    line('spent', actual, PALETTE[0], { pointRadius: 2, fill: 'origin', backgroundColor: 'rgba(59, 111, 216, 0.12)' }),
    line('limit', [{ at: endless ? actual[0].at : start, usd: limit }, { at: end, usd: limit }], '#c4455a', {
      pointRadius: 0,
      borderWidth: 1,
    }),
  ];
  if (budget.forecast_usd !== null && !endless) {
    datasets.push(
      line('forecast', [{ at: now, usd: fromPico(total) }, { at: end, usd: budget.forecast_usd }], '#7a7f8a', {
        pointRadius: 0,
        borderDash: [6, 4],
      }),
    );
  }
  return {
    cumulative: fromPico(total),
    config: config(
      'line',
      { datasets },
      {
        scales: {
          x: { type: 'linear', min: endless ? undefined : start, max: end, ticks: { maxTicksLimit: 6, callback: (at) => instant(at).slice(0, 10) } },
          y: { beginAtZero: true, ticks: { callback: dollars } },
        },
        plugins: {
          legend: legend('top'),
          tooltip: {
            callbacks: {
              title: (items) => `${instant(items[0].parsed.x).slice(0, 16)}Z`,
              label: (item) => `${item.dataset.label}: ${formatUsd(item.dataset.usd[item.dataIndex])}`,
            },
          },
        },
      },
    ),
  };
}

/** A line through points at instants (epoch milliseconds) with exact dollar amounts. */
function line(label, points, color, extra) {
  return {
    label,
    data: points.map((p) => ({ x: p.at, y: chartValue(p.usd) })),
    usd: points.map((p) => p.usd),
    borderColor: color,
    backgroundColor: color,
    ...extra,
  };
}

function instant(at) {
  return new Date(at).toISOString();
}
