// Starts the first load's admin API calls while the browser is still reading the page's head,
// when this tab already holds an admin key: a classic script, so it runs as soon as it arrives
// instead of after the modules and the chart library have been fetched and compiled. api.js takes
// each answer from here (once, for the same URL and key) instead of asking again; a call it never
// takes is simply not used. The URLs are the ones app.js asks for on a first load.
(() => {
  const key = sessionStorage.getItem('strata.adminKey');
  if (!key) return;
  const periods = { '7d': 7, '30d': 30, '90d': 90 };
  const stored = sessionStorage.getItem('strata.period') ?? '';
  const days = Object.hasOwn(periods, stored) ? periods[stored] : periods['30d'];
  const dayMillis = 86_400_000;
  const since = new Date((Math.floor(Date.now() / dayMillis) - days) * dayMillis).toISOString();
  const query = (params) => new URLSearchParams(params).toString();
  const urls = [
    '/admin/budgets',
    '/admin/keys',
    `/admin/requests?${query({ limit: '25' })}`,
    `/admin/costs?${query({ since, by: 'day,model' })}`,
    `/admin/costs?${query({ since, by: 'key,team,model' })}`,
    `/admin/costs/savings?${query({ since })}`,
  ];
  const calls = new Map();
  for (const url of urls) {
    const call = fetch(url, {
      headers: { Authorization: `Bearer ${key}`, Accept: 'application/json' },
      cache: 'no-store',
      credentials: 'omit',
      signal: AbortSignal.timeout(60_000),
    });
    call.catch(() => {}); // reported by api.js when it takes the call, never as unhandled here
    calls.set(url, call);
  }
  window.strataEarlyCalls = Object.freeze({
    /** The call already started for this key and URL, at most once; otherwise undefined. */
    take(forKey, url) {
      if (forKey !== key) return undefined;
      const call = calls.get(url);
      calls.delete(url);
      return call;
    },
  });
})();
