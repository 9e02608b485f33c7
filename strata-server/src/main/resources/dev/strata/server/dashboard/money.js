// Exact money for display. The admin API sends dollars as decimal strings with up to 12 places
// (pico-dollars); the page shows them as sent and adds them, when it must, as BigInt pico-dollars,
// never as floating point. Floats are only used to place bars and lines on a chart.

const PLACES = 12;
const SCALE = 10n ** BigInt(PLACES);
const DECIMAL = /^(-?)(\d+)(?:\.(\d{1,12}))?$/;

/** The pico-dollars of an API dollar string such as "12.5" or "0.000245". */
export function toPico(usd) {
  const match = DECIMAL.exec(String(usd));
  if (!match) {
    throw new Error(`not a dollar amount: ${usd}`);
  }
  const [, sign, whole, fraction = ''] = match;
  const pico = BigInt(whole) * SCALE + BigInt(fraction.padEnd(PLACES, '0'));
  return sign ? -pico : pico;
}

/** The plain decimal dollar string of some pico-dollars, as the API writes it. */
export function fromPico(pico) {
  const negative = pico < 0n;
  const magnitude = negative ? -pico : pico;
  const whole = magnitude / SCALE;
  const fraction = (magnitude % SCALE).toString().padStart(PLACES, '0').replace(/0+$/, '');
  return (negative ? '-' : '') + whole.toString() + (fraction ? '.' + fraction : '');
}

/** Adds API dollar strings exactly. */
export function sumUsd(amounts) {
  return fromPico(amounts.reduce((total, usd) => total + toPico(usd), 0n));
}

/**
 * An API dollar string for display: "$", thousands separated, at least two decimal places, every
 * further place the API sent kept, so the figure is exact.
 */
export function formatUsd(usd) {
  const match = DECIMAL.exec(String(usd));
  if (!match) {
    return String(usd);
  }
  const [, sign, whole, fraction = ''] = match;
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}$${grouped}.${fraction.padEnd(2, '0')}`;
}

/** A dollar string as a number, only to size a bar or place a point. */
export function chartValue(usd) {
  return Number(usd);
}

/** A whole number with thousands separators. */
export function formatCount(count) {
  return BigInt(count).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
