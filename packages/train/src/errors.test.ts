import { errorCodesTest } from '../../../shared/error-codes.test-util.js';
import * as api from './index.js';

errorCodesTest(
  api,
  {
    SettingError: ['SETTING', () => new api.SettingError('--batch', 'a whole number', '0')],
    DivergenceError: ['DIVERGENCE', () => new api.DivergenceError(1, 2, Number.NaN, 3, 'the cost is NaN')],
    TrainingInterrupted: ['TRAINING_INTERRUPTED', () => new api.TrainingInterrupted({ epoch: 1, batch: 2, costSum: 0, examples: 20 } as api.TrainPosition, [])],
  },
  { base: api.DownhillError, copy: new URL('./downhill-error.ts', import.meta.url) },
);
