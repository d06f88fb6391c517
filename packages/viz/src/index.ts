/**
 * Pure renderers: every function returns an SVG string, an RGBA image or a
 * plain string; nothing touches the DOM or the file system.
 *
 * @module @downhill/viz
 */
// @downhill/viz: pure renderers. Every function returns an SVG string, an RGBA
// image or a plain string; nothing touches the DOM or the file system.

export { asciiChart, type AsciiChartOptions } from './ascii-chart.js';
export { type BarChartOptions, type BarSeries, barChart } from './bar-chart.js';
export {
  blues,
  categorical,
  DIVERGING_NEGATIVE,
  DIVERGING_POSITIVE,
  diverging,
  palette,
  type Rgb,
  rgbToHex,
  sequential,
} from './colormaps.js';
export { confusionMatrix, type ConfusionMatrixOptions } from './confusion-matrix.js';
export { digitWithOutputs, type DigitWithOutputsOptions } from './digit-with-outputs.js';
export { DownhillError, PngFormatError, VizInputError } from './errors.js';
export { formatNumber, formatPercent, formatPowerOfTen, formatTicks } from './format.js';
export { type FunctionPlotArea, functionPlotArea, functionWithBall, type FunctionWithBallOptions } from './function-with-ball.js';
export { grayscaleImage, normalizedIntensities } from './grayscale.js';
export { histogramBars } from './histogram-bars.js';
export { landscapeChart, type LandscapeChartOptions, type LandscapeGrid, type LandscapePlotArea, landscapePlotArea, pathStyle } from './landscape-chart.js';
export { lineChart, type LineChartOptions, type LineSeries } from './line-chart.js';
export { marchingSquares } from './marching-squares.js';
export { histogram01, maskedMaxAbs, maskedNorm, neighborCorrelation } from './measure.js';
export { networkDiagram, type NetworkDiagramOptions } from './network-diagram.js';
export { createImage, type DecodePngOptions, decodePng, encodePng, MAX_PNG_PIXELS, pngDataUri, type RgbaImage } from './png.js';
export { linearScale, logScale, niceTicks, type Scale } from './scale.js';
export { sparkline } from './sparkline.js';
export { stackSvgs } from './stack-svgs.js';
export { theme } from './theme.js';
export { weightGrid, type WeightGridOptions, weightGridSvg, type WeightGridSvgOptions } from './weight-grid.js';
export { scatterChart, type ScatterChartOptions, type ScatterSeries } from './scatter-chart.js';
