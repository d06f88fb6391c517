import { describe, expect, it } from 'vitest';
import { parseRace } from './race.js';

describe('--race', () => {
  it('parses optimizers with optional learning rates, and refuses what is not one as a flag error', () => {
    expect(parseRace('sgd, momentum:0.001,adam')).toEqual([{ optimizer: 'sgd' }, { optimizer: 'momentum', learningRate: 0.001 }, { optimizer: 'adam' }]);
    expect(() => parseRace('sgd:fast')).toThrow(/sgd: expected a learning rate above 0 after the colon, found "fast"/);
    expect(() => parseRace('sgd:0x10')).toThrow(/found "0x10"/);
    expect(() => parseRace('sgd:0.1:2')).toThrow(/expected optimizers like/);
    expect(() => parseRace('nope')).toThrow(/nope/);
    expect(() => parseRace('nope')).toThrow(expect.objectContaining({ code: 'commander.invalidArgument' }));
  });
});
