import { errorCodesTest } from '../../../../shared/error-codes.test-util.js';
import { DownhillError } from '../downhill-error.js';
import * as api from './index.js';

errorCodesTest(
  api,
  {
    ConformanceError: ['CONFORMANCE', () => new api.ConformanceError('mine', 'golden steps', '[1, 2]', '[1, 3]')],
  },
  { base: DownhillError },
);
