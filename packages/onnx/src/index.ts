/**
 * ONNX export: a downhill network as a graph of Gemm and activation nodes that
 * ONNX Runtime serves anywhere.
 *
 * @module @downhill/onnx
 */
export { type ExportOnnxOptions, ONNX_IR_VERSION, ONNX_OPSET, ONNX_PRODUCER, OnnxExportError, exportOnnx } from './export-onnx.js';
export { DownhillError } from './errors.js';
