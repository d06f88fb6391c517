import { errorCodesTest } from '../../../shared/error-codes.test-util.js';
import * as api from './index.js';

errorCodesTest(
  api,
  {
    VizInputError: ['VIZ_INPUT', () => new api.VizInputError('lineChart', 'at least one series', 'none')],
    PngFormatError: ['PNG_FORMAT', () => new api.PngFormatError('x.png', 'the PNG signature', 'other bytes')],
  },
  { base: api.DownhillError, copy: new URL('./downhill-error.ts', import.meta.url) },
);
