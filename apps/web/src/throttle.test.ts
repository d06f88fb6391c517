import { expect, it } from 'vitest';
import { throttle } from './throttle.js';

it('throttle opens at once, then at most once per interval', () => {
  let t = 1000;
  const gate = throttle(100, () => t);
  const opened: number[] = [];
  for (; t < 1350; t += 10) if (gate()) opened.push(t);
  expect(opened).toEqual([1000, 1100, 1200, 1300]);
});
