// Hyperparameter ranges written as in a textbook — '[0, 1)', '(0, inf)', '{0, 1}' —
// so an optimizer's file states them readably and a CLI can print them as they are.

/** A set of allowed values, parsed from interval or set notation. */
export interface Range {
  /** The notation it was parsed from, e.g. '[0, 1)'. */
  readonly text: string;
  /** Whether `x` is in the range. */
  contains(x: number): boolean;
}

const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?`;
const LOW = `-inf|-∞|${NUMBER}`;
const HIGH = String.raw`\+?inf|\+?∞|${NUMBER}`;
const INTERVAL = new RegExp(String.raw`^\s*([[(])\s*(${LOW})\s*,\s*(${HIGH})\s*([\])])\s*$`, 'i');
const SET = /^\s*\{([^}]*)\}\s*$/;

function bound(s: string): number {
  const t = s.replace('+', '').toLowerCase();
  if (t === 'inf' || t === '∞') return Infinity;
  if (t === '-inf' || t === '-∞') return -Infinity;
  return Number(t);
}

/** Parse '[a, b]', '(a, b)', '[a, b)', '(a, b]' (a, b may be ±inf) or '{x, y, ...}'; undefined if malformed. */
export function parseRange(text: string): Range | undefined {
  const interval = INTERVAL.exec(text);
  if (interval) {
    const [, open, lowText, highText, close] = interval;
    const low = bound(lowText!),
      high = bound(highText!);
    if (!(low < high)) return undefined;
    const closedLow = open === '[',
      closedHigh = close === ']';
    return {
      text,
      contains: (x) => (closedLow ? x >= low : x > low) && (closedHigh ? x <= high : x < high),
    };
  }
  const set = SET.exec(text);
  if (set) {
    const members = set[1]!.split(',').map((s) => s.trim());
    if (members.some((s) => !new RegExp(`^${NUMBER}$`, 'i').test(s))) return undefined;
    const values = members.map(Number);
    return { text, contains: (x) => values.includes(x) };
  }
  return undefined;
}
