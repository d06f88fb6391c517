// The race drawn by @downhill/viz, as `downhill viz landscape` draws it: a heat
// map with every optimizer's path (f of x and y), or the ball and its steps on
// the curve (f of one variable). The map is sampled once; `draw` shows the
// paths up to any step, so the page can reveal them as they are rolled.
import { formatValue, type Grid, type Landscape, type RaceResult, raceRange, sampleGrid, wantsLogColor } from '@downhill/landscapes';
import {
  type FunctionPlotArea,
  type FunctionWithBallOptions,
  functionPlotArea,
  functionWithBall,
  type LandscapeChartOptions,
  type LandscapePlotArea,
  landscapeChart,
  landscapePlotArea,
} from '@downhill/viz';

/** Drawn about as wide as the panel shows it, so viz's text stays legible on a projector. */
const WIDTH = 700;
const HEIGHT = 500;

export interface RollPicture {
  /** The picture with each path shown up to `step` (all of it by default). */
  draw(step?: number): string;
  /** Where the map sits in the SVG, for turning a click into (x, y); undefined for a curve. */
  readonly area?: LandscapePlotArea;
  /** Where the curve's plot sits in the SVG, for turning a click into w; undefined for a map. */
  readonly curve?: FunctionPlotArea;
}

export function rollPicture(landscape: Landscape, results: readonly RaceResult[], start: readonly number[], steps: number): RollPicture {
  const paths = results.map((r) => r.path);
  const xRange = raceRange(landscape, paths, start, 0);
  const formula = `f(${landscape.variables.join(', ')})`;
  const named = landscape.name === landscape.expression ? '' : `${landscape.name[0]!.toUpperCase()}${landscape.name.slice(1)}, `;
  const name = `${named}${formula} = ${landscape.expression}`;
  const upTo = (points: number[][], step = steps) => points.slice(0, step + 1);

  if (landscape.dimension === 1) {
    const ball = results[0]!;
    // A ball that flies off is drawn up to where it leaves the window: viz's dashed
    // arrows out to a blown-up step, a million pixels away, take Chromium a third of
    // a second a frame to draw.
    const off = ball.path.points.findIndex(([w]) => !(w! >= xRange[0] && w! <= xRange[1]));
    const shown = off < 0 ? ball.path.points : ball.path.points.slice(0, off + 1);
    const options = (step?: number): FunctionWithBallOptions => ({
      f: (w) => landscape.value([w]),
      xRange,
      path: upTo(shown, step).map((p) => p[0]!),
      title: `${name}: ${ball.name}, η = ${formatValue(ball.learningRate)}`,
      xLabel: landscape.variables[0]!,
      yLabel: formula,
      width: WIDTH,
      height: Math.round(HEIGHT * 0.8),
    });
    return { draw: (step) => functionWithBall(options(step)), curve: functionPlotArea(options()) };
  }

  const grid: Grid = sampleGrid(landscape, { xRange, yRange: raceRange(landscape, paths, start, 1), nx: 161, ny: 121 });
  const logColor = wantsLogColor(grid.values);
  const options = (step?: number): LandscapeChartOptions => ({
    grid,
    paths: results.map((r) => ({ name: `${r.name}, η = ${formatValue(r.learningRate)}`, points: upTo(r.path.points, step) })),
    title: `${name}: ${steps} steps`,
    logColor,
    ...(landscape.minima ? { minima: landscape.minima } : {}),
    xLabel: landscape.variables[0]!,
    yLabel: landscape.variables[1]!,
    valueLabel: formula,
    width: WIDTH,
    height: HEIGHT,
  });
  return { draw: (step) => landscapeChart(options(step)), area: landscapePlotArea(options()) };
}
