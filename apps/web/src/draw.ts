// The drawing pad: a canvas to write a digit on with mouse, pen or finger,
// read back as the 28×28 picture the network takes (as `downhill predict`
// reads a PNG).
import { toMnistPixels } from '@downhill/datasets';
import { grayscaleImage, normalizedIntensities, theme } from '@downhill/viz';

/** Pen width in canvas pixels: about 2 of the 28 pixels, as MNIST's strokes. */
const PEN = 22;
const INK = `rgb(${theme.ink.join(',')})`;

export class DrawingPad {
  private readonly context: CanvasRenderingContext2D;
  /** The MNIST image shown, until the pen touches it: the network then sees it exactly as in the test set. */
  private shown: { pixels: Uint8Array; label: number } | undefined;
  private drawing = false;
  private inked = false;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    /** Called at every change; `settled` when a stroke ends, the pad is cleared or a digit is shown (not while the pen moves). */
    private readonly onChange: (settled: boolean) => void,
  ) {
    this.context = canvas.getContext('2d', { willReadFrequently: true })!;
    this.clear();
    canvas.addEventListener('pointerdown', (e) => this.down(e));
    canvas.addEventListener('pointermove', (e) => this.move(e));
    for (const type of ['pointerup', 'pointercancel'] as const) canvas.addEventListener(type, () => this.up());
  }

  /** Something is on the pad (a drawing or a test image). */
  get isEmpty(): boolean {
    return !this.inked && this.shown === undefined;
  }

  /** The true label, while a test image is shown untouched. */
  get label(): number | undefined {
    return this.shown?.label;
  }

  clear(): void {
    this.context.fillStyle = '#ffffff';
    this.context.fillRect(0, 0, this.canvas.width, this.canvas.height);
    this.shown = undefined;
    this.inked = false;
    this.onChange(true);
  }

  /** Put a 28×28 MNIST image on the pad, dark ink on white as drawn. */
  show(pixels: Uint8Array, label: number): void {
    const side = Math.sqrt(pixels.length);
    const zoom = this.canvas.width / side;
    const image = grayscaleImage(normalizedIntensities(pixels), side, side, zoom);
    this.context.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
    this.shown = { pixels, label };
    this.inked = false;
    this.onChange(true);
  }

  /** What the network gets: the test image as it is, or the drawing reduced to 28×28. */
  pixels(): Uint8Array {
    if (this.shown) return this.shown.pixels;
    const { width, height } = this.canvas;
    return toMnistPixels(this.context.getImageData(0, 0, width, height));
  }

  private point(e: PointerEvent): [number, number] {
    const box = this.canvas.getBoundingClientRect();
    return [((e.clientX - box.left) * this.canvas.width) / box.width, ((e.clientY - box.top) * this.canvas.height) / box.height];
  }

  private down(e: PointerEvent): void {
    e.preventDefault();
    this.canvas.setPointerCapture(e.pointerId);
    this.drawing = true;
    this.shown = undefined;
    this.inked = true;
    const [x, y] = this.point(e);
    const c = this.context;
    c.strokeStyle = INK;
    c.fillStyle = INK;
    c.lineWidth = PEN;
    c.lineCap = 'round';
    c.lineJoin = 'round';
    c.beginPath();
    c.arc(x, y, PEN / 2, 0, 2 * Math.PI);
    c.fill();
    c.beginPath();
    c.moveTo(x, y);
    this.onChange(false);
  }

  private move(e: PointerEvent): void {
    if (!this.drawing) return;
    const [x, y] = this.point(e);
    this.context.lineTo(x, y);
    this.context.stroke();
    this.context.beginPath();
    this.context.moveTo(x, y);
    this.onChange(false);
  }

  private up(): void {
    if (!this.drawing) return;
    this.drawing = false;
    this.onChange(true);
  }
}
