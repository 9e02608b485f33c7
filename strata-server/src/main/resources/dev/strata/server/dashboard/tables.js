// Tables built with DOM calls only (never innerHTML), so names and tags from the API stay text.

import { formatCount, formatUsd } from './money.js';

/**
 * Fills {@code table} with a header row of {@code columns} ({label, numeric}) and one row per
 * entry of {@code rows} (arrays of cell text).
 */
export function fill(table, columns, rows, emptyText) {
  table.replaceChildren();
  const head = table.createTHead().insertRow();
  for (const column of columns) {
    const th = document.createElement('th');
    th.textContent = column.label;
    if (column.numeric) {
      th.className = 'num';
    }
    head.appendChild(th);
  }
  const body = table.createTBody();
  if (!rows.length) {
    const td = body.insertRow().insertCell();
    td.colSpan = columns.length;
    td.className = 'empty';
    td.textContent = emptyText;
    return;
  }
  for (const values of rows) {
    const tr = body.insertRow();
    values.forEach((value, i) => {
      const td = tr.insertCell();
      td.textContent = value;
      if (columns[i].numeric) {
        td.className = 'num';
      }
    });
  }
}

/** The keys that spent most: rank, name and id, team, requests, cost. */
export function topSpenders(table, rows, keysById) {
  fill(
    table,
    [
      { label: '#' },
      { label: 'Key' },
      { label: 'Team' },
      { label: 'Requests', numeric: true },
      { label: 'Spend', numeric: true },
    ],
    rows.slice(0, 10).map((row, i) => {
      const key = keysById.get(row.id);
      return [
        String(i + 1),
        key ? `${key.name} (${row.id})` : row.id || '(none)',
        key?.team ?? '',
        formatCount(row.requests),
        formatUsd(row.usd),
      ];
    }),
    'No spend in this period.',
  );
}

/** Each lever: requests, cost at list price, actual cost, saved. */
export function savings(table, report) {
  fill(
    table,
    [
      { label: 'Lever' },
      { label: 'Requests', numeric: true },
      { label: 'At list price', numeric: true },
      { label: 'Actual', numeric: true },
      { label: 'Saved', numeric: true },
    ],
    report.levers.map((lever) => [
      lever.lever.replace('_', ' '),
      formatCount(lever.requests),
      formatUsd(lever.baseline_cost_usd),
      formatUsd(lever.actual_cost_usd),
      formatUsd(lever.savings_usd),
    ]),
    'No levers.',
  );
}

/** The latest requests, newest first. */
export function latestRequests(table, records, keysById) {
  fill(
    table,
    [
      { label: 'Started (UTC)' },
      { label: 'Request' },
      { label: 'Key' },
      { label: 'Model' },
      { label: 'Status' },
      { label: 'Tokens in / out', numeric: true },
      { label: 'Latency', numeric: true },
      { label: 'Cost', numeric: true },
    ],
    records.map((r) => [
      r.started_at.replace('T', ' ').replace(/\.\d+Z$|Z$/, ''),
      r.request_id,
      keysById.get(r.key_id)?.name ?? r.key_id,
      r.served_model && r.served_model !== r.requested_model
        ? `${r.requested_model} → ${r.served_model}`
        : r.requested_model,
      r.status === 'ok' ? String(r.http_status) : `${r.status} (${r.http_status})`,
      `${formatCount(r.input_tokens + r.cache_read_tokens + r.cache_write_5m_tokens + r.cache_write_1h_tokens)} / ${formatCount(r.output_tokens)}`,
      `${formatCount(r.latency_ms)} ms`,
      formatUsd(r.cost_usd),
    ]),
    'No requests yet.',
  );
}

/** A ratio the API sends as a decimal string ("0.8571") as a percentage for display. */
export function percent(ratio) {
  return `${(Number(ratio) * 100).toFixed(1)}%`;
}

const TERMS = [
  ['None', 'no commitment'],
  ['OneMonth', '1 month'],
  ['SixMonths', '6 months'],
];

function keyLabel(id, keysById) {
  const key = keysById.get(id);
  return key ? `${key.name} (${id})` : id || '(none)';
}

/** Latency-tolerant keys that would save by batching, largest saving first. */
export function tierBatch(table, advice, keysById) {
  fill(
    table,
    [
      { label: 'Key' },
      { label: 'Team' },
      { label: 'Not streamed', numeric: true },
      { label: 'Batchable models' },
      { label: 'On demand', numeric: true },
      { label: 'At batch price', numeric: true },
      { label: 'Saving', numeric: true },
    ],
    advice.batch.data.map((key) => [
      keyLabel(key.key_id, keysById),
      key.team,
      `${percent(key.not_streamed_share)} of ${formatCount(key.requests)}`,
      key.models.map((model) => model.model).join(', '),
      formatUsd(key.on_demand_cost_usd),
      formatUsd(key.batch_cost_usd),
      formatUsd(key.saving_usd),
    ]),
    `No key sent at least ${percent(advice.batch.latency_tolerant_share)} of its requests unstreamed to a model with a batch price.`,
  );
}

/** Models with a provisioned price: usage, units, the saving (or loss) per term, the verdict. */
export function tierProvisioned(table, advice) {
  fill(
    table,
    [
      { label: 'Model' },
      { label: 'Tokens/min p50 · p90', numeric: true },
      { label: 'Units', numeric: true },
      { label: 'Utilisation', numeric: true },
      ...TERMS.map(([, label]) => ({ label: `Saving, ${label}`, numeric: true })),
      { label: 'Break-even' },
      { label: 'Recommendation' },
    ],
    advice.provisioned.data.map((model) => {
      const term = (name) => model.terms.find((option) => option.commitment === name);
      const best = term(model.recommended_commitment) ?? null;
      return [
        model.model,
        `${formatCount(Math.round(Number(model.p50_tokens_per_minute)))} · ${formatCount(Math.round(Number(model.p90_tokens_per_minute)))}`,
        formatCount(model.model_units),
        percent(model.utilisation),
        ...TERMS.map(([name]) => (term(name) ? formatUsd(term(name).saving_usd) : '—')),
        model.terms
          .filter((option) => option.break_even_utilisation !== undefined)
          .map((option) => percent(option.break_even_utilisation))
          .join(' · ') || '—',
        best
          ? `provision ${model.model_units} unit${model.model_units === 1 ? '' : 's'}, ${TERMS.find(([n]) => n === best.commitment)[1]}`
          : 'stay on demand',
      ];
    }),
    'No on-demand traffic to a model with a provisioned price in this period.',
  );
}

/** The provisioned models of the break-even report: utilisation, cost, on-demand value, verdict. */
export function provisionedUtilisation(table, report) {
  fill(
    table,
    [
      { label: 'Provisioned model' },
      { label: 'Base model' },
      { label: 'Units', numeric: true },
      { label: 'Commitment' },
      { label: 'Hours', numeric: true },
      { label: 'Utilisation', numeric: true },
      { label: 'Cost', numeric: true },
      { label: 'On demand', numeric: true },
      { label: 'Saving', numeric: true },
      { label: 'Break-even', numeric: true },
    ],
    report.data.map((model) => [
      model.name,
      model.base_model,
      formatCount(model.model_units),
      model.commitment,
      formatCount(model.hours),
      percent(model.utilisation),
      formatUsd(model.accrued_cost_usd),
      formatUsd(model.on_demand_cost_usd),
      formatUsd(model.saving_usd),
      model.break_even_utilisation === undefined ? '—' : percent(model.break_even_utilisation),
    ]),
    'No provisioned model in this period.',
  );
}
