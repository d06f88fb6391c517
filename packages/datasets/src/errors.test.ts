import { errorCodesTest } from '../../../shared/error-codes.test-util.js';
import * as api from './index.js';

errorCodesTest(
  api,
  {
    DatasetError: ['DATASET', () => new api.DatasetError('allocBatch', 'a positive batch size', '0')],
    IdxFormatError: ['IDX_FORMAT', () => new api.IdxFormatError('train-images', 'the magic 0x00000803', '0x1f8b0800')],
  },
  { base: api.DownhillError, copy: new URL('./downhill-error.ts', import.meta.url) },
);
