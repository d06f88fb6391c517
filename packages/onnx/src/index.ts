export { type ExportOnnxOptions, ONNX_IR_VERSION, ONNX_OPSET, ONNX_PRODUCER, OnnxExportError, exportOnnx } from './export-onnx.js';
