import { errorCodesTest } from '../../../shared/error-codes.test-util.js';
import * as api from './index.js';

errorCodesTest(
  api,
  {
    OnnxExportError: ['ONNX_EXPORT', () => new api.OnnxExportError('exportOnnx: expected a network, found none')],
  },
  { base: api.DownhillError, copy: new URL('./downhill-error.ts', import.meta.url) },
);
