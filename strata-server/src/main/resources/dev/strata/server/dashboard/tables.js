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
