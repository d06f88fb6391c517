import { describe, expect, it } from 'vitest';
import { attributeValues, countElements, expectValidSvg, textContents } from '../test/svg.js';
import { VizInputError } from './errors.js';
import { landscapeChart, landscapePlotArea } from './landscape-chart.js';

function grid(f: (x: number, y: number) => number, nx = 60, ny = 50) {
  const xs = Float64Array.from({ length: nx }, (_, i) => -2 + (4 * i) / (nx - 1));
  const ys = Float64Array.from({ length: ny }, (_, j) => -1 + (3 * j) / (ny - 1));
  const values = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) values[j * nx + i] = f(xs[i], ys[j]);
  return { xs, ys, values };
}
const rosenbrock = (x: number, y: number) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
const bowl = (x: number, y: number) => x * x + 2 * y * y;

describe('landscapeChart', () => {
  it('draws a heat map, contours, paths with start and end markers, minima and a legend', () => {
    const svg = landscapeChart({
      grid: grid(rosenbrock),
      title: 'Rosenbrock',
      logColor: true,
      paths: [
        {
          name: 'gradient descent',
          points: [
            [-1.5, 1.5],
            [-1, 1],
            [0, 0],
            [0.5, 0.25],
          ],
        },
        {
          name: 'momentum',
          points: [
            [-1.8, 1.8],
            [1, 1],
          ],
        },
      ],
      minima: [[1, 1]],
    });
    expectValidSvg(svg);
    expect(countElements(svg, 'image')).toBe(1);
    expect(countElements(svg, 'circle')).toBe(2 * 2); // a start and an end per path
    const texts = textContents(svg);
    for (const t of ['Rosenbrock', 'gradient descent', 'momentum', 'x', 'y', '✕ minimum']) expect(texts).toContain(t);
    expect(texts.some((t) => t.includes('(log)'))).toBe(true);
    // Contours: one path of many subpaths drawn in translucent white.
    const contour = svg.match(/<path d="([^"]*)" fill="none" stroke="#ffffff" stroke-opacity="0.45"/);
    expect(contour).not.toBeNull();
    expect((contour?.[1].match(/M/g) ?? []).length).toBeGreaterThan(5);
    expect(svg.length).toBeLessThan(1_000_000);
  });

  it('labels a linear colour bar with values of f', () => {
    const svg = landscapeChart({ grid: grid(bowl), valueLabel: 'cost' });
    expectValidSvg(svg);
    const texts = textContents(svg);
    expect(texts).toContain('cost');
    expect(texts).toContain('0');
    expect(texts).toContain('8'); // max of x² + 2y² on the grid is 4 + 8 = 12
    expect(countElements(svg, 'circle')).toBe(0);
  });

  it('draws paths that wander off the grid or diverge without breaking the SVG', () => {
    const svg = landscapeChart({
      grid: grid(bowl),
      paths: [
        {
          name: 'diverging',
          points: [
            [0, 0],
            [5, 5],
            [1e200, -1e200],
            [Number.NaN, 1],
          ],
        },
      ],
    });
    expectValidSvg(svg);
    const withoutImages = svg.replace(/href="[^"]*"/g, '');
    expect(withoutImages).not.toContain('NaN');
    expect(withoutImages).not.toMatch(/\de[+-]?\d/); // no exponent-form coordinates
    expect(svg).toContain('clip-path="url(#');
  });

  it('keeps x and y to one scale when their ranges are comparable', () => {
    const svg = landscapeChart({ grid: grid(bowl) });
    const frame = svg.match(/<clipPath id="[^"]+"><rect x="[^"]+" y="[^"]+" width="([^"]+)" height="([^"]+)"/);
    expect(frame).not.toBeNull();
    const [w, h] = [Number(frame?.[1]), Number(frame?.[2])];
    expect(w / h).toBeCloseTo(4 / 3, 2);
  });

  it('tells where the map is, so a click on it maps back to (x, y): the clip rectangle, and each point of a path drawn there', () => {
    const options = {
      grid: grid(rosenbrock),
      title: 'Rosenbrock',
      paths: [
        {
          name: 'a long legend entry moves the map',
          points: [
            [-1.5, 1.5],
            [0.5, -0.5],
            [1.25, 2],
          ],
        },
      ],
      minima: [[1, 1]],
      width: 900,
      height: 600,
    };
    const svg = landscapeChart(options);
    const area = landscapePlotArea(options);
    expect(area.xRange).toEqual([-2, 2]);
    expect(area.yRange).toEqual([-1, 2]);
    const clip = svg
      .match(/<clipPath id="[^"]+"><rect x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)"/)!
      .slice(1)
      .map(Number);
    expect(clip).toEqual([area.left, area.top, area.width, area.height].map((v) => expect.closeTo(v, 2)));
    // x runs left to right, y bottom to top: the start (hollow) and end (filled) circles sit where the area says.
    const at = ([x, y]: number[]) => [
      area.left + ((x! - area.xRange[0]) / (area.xRange[1] - area.xRange[0])) * area.width,
      area.top + ((area.yRange[1] - y!) / (area.yRange[1] - area.yRange[0])) * area.height,
    ];
    const circles = attributeValues(svg, 'circle', 'cx').map((cx, k) => [Number(cx), Number(attributeValues(svg, 'circle', 'cy')[k])]);
    expect(circles).toEqual([at([-1.5, 1.5]), at([1.25, 2])].map(([x, y]) => [expect.closeTo(x!, 1), expect.closeTo(y!, 1)]));
    // Without the legend the map has more room: the area follows the options.
    expect(landscapePlotArea({ ...options, paths: [], minima: [] }).width).toBeGreaterThan(area.width);
    expect(() => landscapePlotArea({ ...options, grid: { ...options.grid, xs: [0] } })).toThrow(VizInputError);
  });

  it('says what is wrong with a malformed grid', () => {
    const g = grid(bowl, 4, 3);
    expect(() => landscapeChart({ grid: { ...g, values: new Float64Array(11) } })).toThrow(VizInputError);
    expect(() => landscapeChart({ grid: { ...g, values: new Float64Array(11) } })).toThrow(
      'landscapeChart: expected grid.values of ny × nx = 3×4 = 12, found Float64Array of length 11',
    );
    expect(() => landscapeChart({ grid: { ...g, xs: Float64Array.from([0, 2, 1, 3]) } })).toThrow(/grid.xs strictly increasing, found 2 then 1/);
    expect(() => landscapeChart({ grid: { ...g, values: new Float64Array(12).fill(Number.NaN) } })).toThrow(/finite value/);
    expect(() => landscapeChart({ grid: g, paths: [{ name: 'p', points: [[1]] }] })).toThrow(/\[x, y\] pairs/);
  });
});

describe("the markers' key", () => {
  it('names start and end only when a path has both: a ball (one point) or no path gets just the minimum', () => {
    const key = (paths: { name: string; points: number[][] }[]) =>
      textContents(landscapeChart({ grid: grid(bowl), title: 'Bowl', paths, minima: [[0, 0]] })).filter(
        (t) => t.includes('start ○') || t.includes('✕ minimum'),
      );
    expect(key([])).toEqual(['✕ minimum']);
    expect(key([{ name: 'the trained weights', points: [[0.5, 0.5]] }])).toEqual(['✕ minimum']);
    expect(
      key([
        {
          name: 'descent',
          points: [
            [1, 1],
            [0, 0],
          ],
        },
      ]),
    ).toEqual(['start ○  end ●', '✕ minimum']);
  });
});

describe('many racers', () => {
  it('gives nine or more paths distinct colour-and-dash styles', async () => {
    const { pathStyle } = await import('./landscape-chart.js');
    const styles = Array.from({ length: 40 }, (_, k) => JSON.stringify(pathStyle(k)));
    expect(new Set(styles).size).toBe(40);
    // The ninth (adagrad after eight others, say) no longer shares the first one's look.
    expect(pathStyle(8)).not.toEqual(pathStyle(0));
    expect(pathStyle(8).color).toBe(pathStyle(0).color);
    expect(pathStyle(8).dash).toBeDefined();
  });
});
