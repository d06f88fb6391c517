// Numbers on charts: short, 3 significant digits, exponent form only when a
// plain decimal would be long (|x| < 0.001 or |x| >= 100000).

const SUPERSCRIPT: Record<string, string> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '-': '⁻',
};

/** Format a number compactly with `digits` significant digits: 0.00123, 12.3, 1.23e5, -4e-7. */
export function formatNumber(x: number, digits = 3): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return '∞';
  if (x === Number.NEGATIVE_INFINITY) return '-∞';
  if (x === 0) return '0'; // also turns -0 into 0
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e5) {
    const rounded = Number(x.toPrecision(digits));
    // Rounding may carry into the exponent range (99999.7 -> 1.00e5).
    if (Math.abs(rounded) < 1e5) return String(rounded);
  }
  const [mantissa, exponent] = x.toExponential(digits - 1).split('e');
  return `${stripZeros(mantissa)}e${Number(exponent)}`;
}

/**
 * Format evenly spaced tick values `step` apart, all in one style so an axis
 * reads consistently: the same number of decimals on every tick (0.05, 0.10, 0.15),
 * or exponent form for every tick when the axis is very large or very small.
 */
export function formatTicks(values: readonly number[], step: number): string[] {
  const largest = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  if (largest >= 1e5 || (largest > 0 && largest < 1e-3)) {
    return values.map((v) => {
      if (Math.abs(v) < step * 1e-9) return '0';
      // Enough mantissa digits to tell ticks apart: the digits of v above the step.
      const digits = Math.floor(Math.log10(Math.abs(v))) - Math.floor(Math.log10(step) + 1e-9) + 1;
      return formatNumber(v, Math.max(1, Math.min(15, digits)));
    });
  }
  const decimals = Math.max(0, Math.min(20, -Math.floor(Math.log10(step) + 1e-9)));
  return values.map((v) => (Math.abs(v) < step * 1e-9 ? '0' : v.toFixed(decimals)));
}

/** 10 to an integer power: plain (0.001) or with Unicode superscripts (10⁻³). */
export function formatPowerOfTen(exponent: number, plain = exponent >= -3 && exponent <= 4): string {
  if (plain) return formatNumber(10 ** exponent);
  return `10${String(exponent).replace(/[-0-9]/g, (c) => SUPERSCRIPT[c])}`;
}

/** A fraction as a percentage with one decimal: 0.9781 -> "97.8%". */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '–';
  return `${(fraction * 100).toFixed(1)}%`;
}

function stripZeros(mantissa: string): string {
  return mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
}
