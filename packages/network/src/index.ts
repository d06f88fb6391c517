/**
 * Dense neural networks: layers, activations, initializers, forward passes and
 * backpropagation on whole mini-batches, with every weight and bias in one
 * parameter vector; safetensors model files.
 *
 * @module @downhill/network
 */
export type { Activation, ActivationName } from './activations/activation.js';
export { sigmoid } from './activations/sigmoid.js';
export { tanh } from './activations/tanh.js';
export { relu } from './activations/relu.js';
export { identity } from './activations/identity.js';
export { softmax, SoftmaxDerivativeError } from './activations/softmax.js';
export { activations, getActivation, isActivationName } from './activations/registry.js';
export { type LayerSpec, type NetworkSpec, sequentialSpec, validateSpec } from './spec.js';
export { type InitName, type Initializer, defaultInit, initializers, getInitializer } from './init.js';
export { Dense } from './dense.js';
export { type CreateOptions, Network, parameterCount } from './network.js';
export { type ParameterTensor, parameterGroups } from './parameter-groups.js';
export { DownhillError, NetworkSpecError, IncompatibleCostError, UnknownNameError } from './errors.js';
export {
  type SafetensorsDtype,
  type TensorToEncode,
  type DecodedTensor,
  type DecodedSafetensors,
  MAX_HEADER_LENGTH,
  SafetensorsFormatError,
  encodeSafetensors,
  decodeSafetensors,
} from './safetensors.js';
export {
  type LoadModelOptions,
  type LoadedModel,
  ActivationsUnknownError,
  CHECKPOINT_METADATA,
  CHECKPOINT_TENSOR_PREFIXES,
  MODEL_FORMAT,
  ModelFormatError,
  saveModel,
  loadModel,
} from './model-file.js';
export { compareGradients, finiteDifferenceGradient, type FiniteDifferenceOptions, type GradientComparison, medianMilliseconds } from './finite-differences.js';
