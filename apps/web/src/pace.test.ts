import { describe, expect, it } from 'vitest';
import { Pace } from './pace.js';

/** Run `batches` mini-batches through the gate as train does; returns how many ran before `until` says stop. */
async function loop(pace: Pace, ran: number[], batches: number): Promise<void> {
  for (let b = 1; b <= batches; b++) {
    const gate = pace.gate();
    if (gate) await gate;
    ran.push(b);
  }
}

describe('Pace', () => {
  it('costs nothing at full speed: the gate returns no promise', () => {
    expect(new Pace().gate()).toBeUndefined();
  });

  it('pauses, takes one mini-batch per Step, says so, and resumes', async () => {
    let pauses = 0;
    const pace = new Pace({ paused: true }, () => pauses++);
    const ran: number[] = [];
    const run = loop(pace, ran, 5);
    await expect.poll(() => pauses).toBe(1);
    expect(ran).toEqual([]);
    pace.step();
    await expect.poll(() => pauses).toBe(2);
    expect(ran).toEqual([1]);
    expect(pace.takeStep()).toBe(true);
    expect(pace.takeStep()).toBe(false);
    pace.step();
    pace.step();
    await expect.poll(() => ran.length).toBe(3);
    pace.resume();
    await run;
    expect(ran).toEqual([1, 2, 3, 4, 5]);
  });

  it('spaces mini-batches at a slow speed, and lets go at once when stopped', async () => {
    let t = 0;
    const pace = new Pace(
      { speed: 2 },
      () => {},
      () => t,
    );
    expect(pace.isSlow).toBe(true);
    const ran: number[] = [];
    const run = loop(pace, ran, 3);
    await expect.poll(() => ran.length).toBe(1);
    // The next one is due 500 ms later on this clock: nothing runs until then, or until stopped.
    await new Promise((r) => setTimeout(r, 20));
    expect(ran).toEqual([1]);
    t = 10_000;
    pace.stop();
    await run;
    expect(ran).toEqual([1, 2, 3]);
  });
});
