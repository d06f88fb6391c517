import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSetting, parseDecimal, pickSettings, SettingError, settingLimits, showValue } from './settings.js';

describe('parseDecimal', () => {
  it('reads what a person types as a decimal number', () => {
    expect(parseDecimal('3')).toBe(3);
    expect(parseDecimal(' 3.0 ')).toBe(3);
    expect(parseDecimal('1e-3')).toBe(0.001);
    expect(parseDecimal('-2.5')).toBe(-2.5);
    expect(parseDecimal('.5')).toBe(0.5);
  });

  it("refuses what Number() would quietly read as something else: '' as 0, hex, decimal commas, Infinity", () => {
    for (const text of ['', '  ', '0x10', '3,0', '1_000', 'Infinity', '1e', 'NaN', '0b11', '3 4']) expect(parseDecimal(text), text).toBeNaN();
  });

  it('agrees with Number() on every finite number printed the usual way', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => Object.is(parseDecimal(String(x)), Number(String(x)))));
  });
});

describe('checkSetting', () => {
  it('accepts seeds 0 … 2³² − 1 and refuses the rest, so no two seeds give the same run', () => {
    expect(checkSetting.seed(0, '--seed')).toBe(0);
    expect(checkSetting.seed(2 ** 32 - 1, '--seed')).toBe(2 ** 32 - 1);
    for (const bad of [-1, 2 ** 32, 2 ** 53, 1e300, 1.5, Number.NaN, '1']) {
      expect(() => checkSetting.seed(bad, '--seed')).toThrow(/^--seed: expected a whole number from 0 to 4,294,967,295, found /);
    }
  });

  it('bounds what a file could ask for: a batch of 1e30, a layer of a million neurons', () => {
    expect(() => checkSetting.batch(1e30, 'settings.batch')).toThrow('settings.batch: expected a whole number from 1 to 1,000,000, found 1e+30');
    expect(() => checkSetting.layers([784, 1_000_000, 10], '--layers')).toThrow(/each 1 to 100,000\), found \[784,1000000,10\]/);
    expect(() => checkSetting.layers(Array(settingLimits.layers + 1).fill(2), '--layers')).toThrow(/2 to 100 sizes/);
    expect(checkSetting.layers([784, 16, 16, 10], '--layers')).toEqual([784, 16, 16, 10]);
  });

  it('names the choices for a name that is not one of them, with a hostile value shown short and escaped', () => {
    expect(() => checkSetting.init('evil', 'settings.init')).toThrow('settings.init: expected one of normal, lecun, xavier, he, found "evil"');
    expect(() => checkSetting.activation('softmax', '--activation')).toThrow(/expected one of sigmoid, .*found "softmax"/);
    const error = (() => {
      try {
        checkSetting.cost(`\u001b[31m${'x'.repeat(500)}`, 'settings.cost');
      } catch (e) {
        return e as SettingError;
      }
    })()!;
    expect(error).toBeInstanceOf(SettingError);
    expect(error.message).not.toContain('\u001b');
    expect(error.found.length).toBeLessThanOrEqual(60);
  });

  it('learning rates must be finite and above 0', () => {
    for (const bad of [0, -3, Number.POSITIVE_INFINITY, Number.NaN])
      expect(() => checkSetting.learningRate(bad, '--lr')).toThrow(/--lr: expected a number above 0/);
    expect(checkSetting.learningRate(3, '--lr')).toBe(3);
  });
});

describe('pickSettings', () => {
  it('takes only the known settings, each checked; anything else (paths included) is ignored', () => {
    const raw = { layers: [784, 16, 10], batch: 10, out: '/etc/passwd', log: '/tmp/x', data: '/somewhere', checkpoint: 'c' };
    expect(pickSettings(raw, ['layers', 'batch', 'seed'], (k) => `settings.${k}`)).toEqual({ layers: [784, 16, 10], batch: 10 });
    expect(() => pickSettings({ batch: 1e30 }, ['batch'], (k) => `f: settings.${k}`)).toThrow(/^f: settings\.batch: expected a whole number/);
    expect(pickSettings('not an object', ['batch'], String)).toEqual({});
    expect(pickSettings({ ['__proto__']: { batch: 5 } }, ['batch'], String)).toEqual({});
  });
});

it('showValue keeps a value to one short line', () => {
  expect(showValue('a\nb')).toBe('"a\\nb"');
  expect(showValue(Array(200).fill(1)).length).toBeLessThanOrEqual(60);
});
