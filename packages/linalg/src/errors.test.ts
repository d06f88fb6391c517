import { errorCodesTest } from '../../../shared/error-codes.test-util.js';
import * as api from './index.js';

errorCodesTest(
  api,
  {
    ShapeMismatchError: ['SHAPE_MISMATCH', () => new api.ShapeMismatchError('gemm', '3 × 4', '3 × 5')],
  },
  { base: api.DownhillError, copy: new URL('./downhill-error.ts', import.meta.url) },
);
