/**
 * `x` as Python's `f"{x:.{digits}f}"` prints it, so `downhill descend` and the
 * web demo reproduce the lesson's notebook character for character. JavaScript's
 * `toFixed` differs in three places: exact ties round half to even in Python
 * (`f"{0.125:.2f}"` is `0.12`, `(0.125).toFixed(2)` is `0.13`), negative zero
 * keeps its sign, and non-finite values are `nan`, `inf`, `-inf`.
 */
export function pythonFixed(x: number, digits: number): string {
  if (!Number.isInteger(digits) || digits < 0 || digits > 50) throw new RangeError(`digits: expected a whole number from 0 to 50, found ${digits}`);
  if (Number.isNaN(x)) return 'nan';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const magnitude = Math.abs(x);
  if (magnitude === Number.POSITIVE_INFINITY) return `${sign}inf`;
  return sign + fixedMagnitude(magnitude, digits);
}

function fixedMagnitude(a: number, digits: number): string {
  // toFixed switches to exponent notation from 1e21; such doubles are whole numbers, exact as BigInt.
  if (a >= 1e21) return digits === 0 ? BigInt(a).toString() : `${BigInt(a).toString()}.${'0'.repeat(digits)}`;
  const rounded = a.toFixed(digits);
  // toFixed(100) is the exact decimal expansion of every double that can sit on a tie at ≤ 50 digits.
  const exact = a.toFixed(100);
  const point = exact.indexOf('.');
  const rest = exact.slice(point + 1 + digits);
  if (!/^50*$/.test(rest)) return rounded;
  // An exact tie: toFixed rounded up; Python rounds to the even neighbour.
  const kept = exact.slice(0, digits === 0 ? point : point + 1 + digits);
  const lastDigit = Number(kept[kept.length - 1]);
  return lastDigit % 2 === 0 ? kept : rounded;
}
