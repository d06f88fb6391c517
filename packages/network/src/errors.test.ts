import { errorCodesTest } from '../../../shared/error-codes.test-util.js';
import * as api from './index.js';

errorCodesTest(
  api,
  {
    NetworkSpecError: ['NETWORK_SPEC', () => new api.NetworkSpecError('layers', 'at least one layer', 'none')],
    IncompatibleCostError: ['INCOMPATIBLE_COST', () => new api.IncompatibleCostError('a softmax output', 'sigmoid')],
    UnknownNameError: ['UNKNOWN_NAME', () => new api.UnknownNameError('activation', 'swish', ['sigmoid'])],
    SoftmaxDerivativeError: ['SOFTMAX_DERIVATIVE', () => new api.SoftmaxDerivativeError()],
    SafetensorsFormatError: ['SAFETENSORS_FORMAT', () => new api.SafetensorsFormatError('model.safetensors', 'bad header', 'JSON', 'bytes')],
    ModelFormatError: ['MODEL_FORMAT', () => new api.ModelFormatError('model.safetensors', 'no layers', 'layers.0.weight', 'none')],
    ActivationsUnknownError: ['ACTIVATIONS_UNKNOWN', () => new api.ActivationsUnknownError('model.safetensors', [784, 10], undefined, ['activation'])],
  },
  { base: api.DownhillError, copy: new URL('./downhill-error.ts', import.meta.url) },
);
