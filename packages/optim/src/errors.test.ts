import { errorCodesTest } from '../../../shared/error-codes.test-util.js';
import * as api from './index.js';

errorCodesTest(
  api,
  {
    OptimizerError: ['OPTIMIZER', () => new api.OptimizerError('adam: something went wrong')],
    NonFiniteGradientError: ['NON_FINITE_GRADIENT', () => new api.NonFiniteGradientError(3, Number.NaN)],
    UnknownOptimizerError: ['UNKNOWN_OPTIMIZER', () => new api.UnknownOptimizerError('adamm', ['adam'])],
    DuplicateOptimizerError: ['DUPLICATE_OPTIMIZER', () => new api.DuplicateOptimizerError('adam', true)],
    UnknownHyperparameterError: ['UNKNOWN_HYPERPARAMETER', () => new api.UnknownHyperparameterError('adam', 'beta3', ['beta1', 'beta2'])],
    InvalidHyperparameterError: ['INVALID_HYPERPARAMETER', () => new api.InvalidHyperparameterError('adam', 'beta1', 'in [0, 1)', 2)],
    OptimizerStateError: ['OPTIMIZER_STATE', () => new api.OptimizerStateError('adam', 'slot m', 'none')],
    LengthMismatchError: ['LENGTH_MISMATCH', () => new api.LengthMismatchError('adam.step', 'length 3', 'length 4')],
    ParameterGroupError: ['PARAMETER_GROUP', () => new api.ParameterGroupError('lamb', 'groups covering 0 .. 10', 'a gap at 4')],
    MissingLossError: ['MISSING_LOSS', () => new api.MissingLossError('polyak', undefined)],
    InvalidDefinitionError: ['INVALID_DEFINITION', () => new api.InvalidDefinitionError('mine', 'a name', 'none')],
  },
  { base: api.DownhillError, copy: new URL('./downhill-error.ts', import.meta.url) },
);
