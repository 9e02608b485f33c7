// The admin API as the dashboard calls it: same origin, the admin key as a bearer token, a
// timeout on every call, and the API's own error message when a call fails.

const TIMEOUT_MS = 60_000;

/** A failed admin API call, carrying the HTTP status and the API's message. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

/** Calls the admin API with one admin key. */
export class AdminClient {
  #key;

  constructor(key) {
    this.#key = key;
  }

  /** GET /admin/costs with the given parameters (since, by, filters). */
  costs(params) {
    return this.#get('/admin/costs', params);
  }

  savings(params) {
    return this.#get('/admin/costs/savings', params);
  }

  budgets() {
    return this.#get('/admin/budgets', {});
  }

  keys() {
    return this.#get('/admin/keys', {});
  }

  requests(limit) {
    return this.#get('/admin/requests', { limit: String(limit) });
  }

  /** GET /admin/tiers/recommendations: keys that would save by batching, models by provisioning. */
  tiers(params) {
    return this.#get('/admin/tiers/recommendations', params);
  }

  /** GET /admin/provisioned/report: each provisioned model's utilisation and break-even. */
  provisionedReport(params) {
    return this.#get('/admin/provisioned/report', params);
  }

  async #get(path, params) {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) {
      for (const one of Array.isArray(value) ? value : [value]) {
        query.append(name, one);
      }
    }
    const url = query.size ? `${path}?${query}` : path;
    let response;
    try {
      // early-calls.js may have started this very call while the page was still loading.
      response = await (globalThis.strataEarlyCalls?.take(this.#key, url) ??
        fetch(url, {
          headers: { Authorization: `Bearer ${this.#key}`, Accept: 'application/json' },
          cache: 'no-store',
          credentials: 'omit',
          signal: AbortSignal.timeout(TIMEOUT_MS),
        }));
    } catch (failure) {
      const why = failure.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : failure.message;
      throw new ApiError(0, `${path}: ${why}`);
    }
    const text = await response.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON: reported below with the status.
    }
    if (!response.ok) {
      const message = body?.error?.message ?? body?.message ?? `${response.status} ${response.statusText}`;
      throw new ApiError(response.status, message);
    }
    if (body === null) {
      throw new ApiError(response.status, `${path} answered without JSON`);
    }
    return body;
  }
}
