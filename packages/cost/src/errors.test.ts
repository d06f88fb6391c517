import { errorCodesTest } from '../../../shared/error-codes.test-util.js';
import * as api from './index.js';

errorCodesTest(
  api,
  {
    UnknownCostError: ['UNKNOWN_COST', () => new api.UnknownCostError('hinge', ['quadratic'])],
  },
  { base: api.DownhillError, copy: new URL('./downhill-error.ts', import.meta.url) },
);
