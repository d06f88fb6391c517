import { errorCodesTest } from '../../../shared/error-codes.test-util.js';
import * as api from './index.js';

errorCodesTest(
  api,
  {
    LandscapeError: ['LANDSCAPE', () => new api.LandscapeError('unknown-surface', 'unknown surface "bowel": expected one of bowl, …')],
  },
  { base: api.DownhillError, copy: new URL('./downhill-error.ts', import.meta.url) },
);
