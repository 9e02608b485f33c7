// ECharts options for each panel, built from admin API answers. Every figure a reader sees in a
// tooltip or label is the API's exact dollar string; numbers only size the marks.

import { chartValue, formatUsd, fromPico, sumUsd, toPico } from './money.js';

const TOP = 10;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const PALETTE = [
  '#3b6fd8', '#e0812f', '#2f9e6f', '#c4455a', '#8a5cc7', '#2aa3b8', '#b59b1e', '#7a7f8a',
  '#d1609e', '#5e8c31', '#9aa5b8',
];

function base(extra) {
  return {
    animation: false,
    color: PALETTE,
    textStyle: { fontFamily: 'system-ui, sans-serif' },
    tooltip: { renderMode: 'richText', confine: true },
    ...extra,
  };
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

function usdTooltip(params) {
  return `${params.name}\n${formatUsd(params.data.usd)}`;
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
  const series = shown.map((model) => ({
    name: model,
    type: 'bar',
    stack: 'spend',
    data: labels.map((day) => cell(cells.get(`${model}\u0000${day}`) ?? '0')),
  }));
  if (hidden.length) {
    series.push({
      name: `${hidden.length} others`,
      type: 'bar',
      stack: 'spend',
      data: labels.map((day) => cell(sumUsd(hidden.map((m) => cells.get(`${m}\u0000${day}`) ?? '0')))),
    });
  }
  const perDay = labels.map((day) => ({
    label: day,
    usd: sumUsd(models.map((m) => cells.get(`${m}\u0000${day}`) ?? '0')),
  }));
  return {
    rows: perDay,
    series: [...perModel.entries()].map(([label, pico]) => ({ label, usd: fromPico(pico) })),
    option: base({
      legend: { type: 'scroll', top: 0 },
      grid: { left: 56, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: labels },
      yAxis: { type: 'value', axisLabel: { formatter: (v) => `$${v}` } },
      tooltip: {
        renderMode: 'richText',
        confine: true,
        trigger: 'item',
        formatter: (p) => `${p.seriesName} · ${p.name}\n${formatUsd(p.data.usd)}`,
      },
      series,
    }),
  };
}

function cell(usd) {
  return { value: chartValue(usd), usd };
}

/** A ranking of groups ({@link groupBy}'s rows) as horizontal bars, most expensive on top. */
export function ranking(rows) {
  const shown = topAndOthers(rows);
  return {
    rows,
    option: base({
      grid: { left: 8, right: 24, top: 8, bottom: 24, containLabel: true },
      xAxis: { type: 'value', axisLabel: { formatter: (v) => `$${v}` } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: shown.map((row) => row.label),
        axisLabel: { width: 160, overflow: 'truncate' },
      },
      tooltip: { renderMode: 'richText', confine: true, trigger: 'item', formatter: usdTooltip },
      series: [{ type: 'bar', data: shown.map((row) => ({ ...cell(row.usd), name: row.label })) }],
    }),
  };
}

/** The share of each group ({@link groupBy}'s rows) as a ring. */
export function share(rows) {
  const shown = topAndOthers(rows);
  return {
    rows,
    option: base({
      legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle' },
      tooltip: { renderMode: 'richText', confine: true, trigger: 'item', formatter: usdTooltip },
      series: [
        {
          type: 'pie',
          radius: ['42%', '70%'],
          center: ['36%', '50%'],
          label: { show: false },
          data: shown.map((row) => ({ ...cell(row.usd), name: row.label })),
        },
      ],
    }),
  };
}

/** What each lever's traffic would have cost at list price against what it cost. */
export function savings(report) {
  const levers = report.levers;
  const bar = (name, field) => ({
    name,
    type: 'bar',
    data: levers.map((lever) => ({ ...cell(lever[field]), name: lever.lever })),
  });
  return {
    rows: levers.map((lever) => ({ label: lever.lever, usd: lever.savings_usd })),
    option: base({
      legend: { top: 0 },
      grid: { left: 56, right: 16, top: 32, bottom: 28 },
      xAxis: { type: 'category', data: levers.map((lever) => lever.lever.replace('_', ' ')), axisLabel: { interval: 0 } },
      yAxis: { type: 'value', axisLabel: { formatter: (v) => `$${v}` } },
      tooltip: {
        renderMode: 'richText',
        confine: true,
        trigger: 'item',
        formatter: (p) => `${p.name} · ${p.seriesName}\n${formatUsd(p.data.usd)}`,
      },
      series: [bar('at list price', 'baseline_cost_usd'), bar('actual', 'actual_cost_usd')],
    }),
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
  const actual = endless && buckets.length ? [] : [point(start, 0n)];
  for (const bucket of buckets) {
    total += toPico(bucket.usd);
    actual.push(point(Math.min(bucket.at + length, now), total));
  }
  if (!actual.length || actual[actual.length - 1].value[0] < now) {
    actual.push(point(now, total));
  }
  const limit = budget.limit_usd;
  const series = [
    { name: 'spent', type: 'line', step: false, symbolSize: 4, data: actual, areaStyle: { opacity: 0.12 } },
    {
      name: 'limit',
      type: 'line',
      symbol: 'none',
      lineStyle: { type: 'solid', width: 1 },
      color: '#c4455a',
      data: [pointUsd(endless ? actual[0].value[0] : start, limit), pointUsd(end, limit)],
    },
  ];
  if (budget.forecast_usd !== null && !endless) {
    series.push({
      name: 'forecast',
      type: 'line',
      symbol: 'none',
      lineStyle: { type: 'dashed' },
      color: '#7a7f8a',
      data: [point(now, total), pointUsd(end, budget.forecast_usd)],
    });
  }
  return {
    cumulative: fromPico(total),
    option: base({
      legend: { top: 0, data: series.map((s) => s.name) },
      grid: { left: 56, right: 16, top: 32, bottom: 28 },
      xAxis: { type: 'time', min: endless ? undefined : start, max: end },
      yAxis: { type: 'value', axisLabel: { formatter: (v) => `$${v}` } },
      tooltip: {
        renderMode: 'richText',
        confine: true,
        trigger: 'item',
        formatter: (p) => `${p.seriesName} · ${new Date(p.data.value[0]).toISOString().slice(0, 16)}Z\n${formatUsd(p.data.usd)}`,
      },
      series,
    }),
  };
}

function point(at, pico) {
  return pointUsd(at, fromPico(pico));
}

function pointUsd(at, usd) {
  return { value: [at, chartValue(usd)], usd };
}
