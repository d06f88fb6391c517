// The pictures that change many times a second, drawn on canvases at one
// pixel per weight or pixel and scaled up by the browser (image-rendering:
// pixelated): the first layer's weights, the 28×28 picture the network sees,
// the gallery of digits. Nothing is encoded as PNG, so drawing them takes well
// under a millisecond. Colours are @downhill/viz's, as in every other picture.
import { grayscaleImage, normalizedIntensities, weightGrid } from '@downhill/viz';

/** How many of the first layer's neurons the board shows. */
export const TILES = 16;

/** Put an RGBA image on a canvas of its size. */
function paint(canvas: HTMLCanvasElement, image: { width: number; height: number; data: Uint8ClampedArray }): void {
  if (canvas.width !== image.width) canvas.width = image.width;
  if (canvas.height !== image.height) canvas.height = image.height;
  const data = new ImageData(image.width, image.height);
  data.data.set(image.data);
  canvas.getContext('2d')!.putImageData(data, 0, 0);
}

/**
 * The weights into each of the first `TILES` neurons of a layer with `inputs`
 * inputs (a 28×28 tile each), one canvas per neuron in `box`, each coloured by
 * its own largest |w| (viz's weightGrid, at scale 1).
 */
export function drawWeightTiles(box: HTMLElement, weights: Float32Array, neurons: number, inputs: number): void {
  const shown = Math.min(neurons, TILES);
  const side = Math.sqrt(inputs);
  while (box.children.length > shown) box.lastElementChild!.remove();
  while (box.children.length < shown) {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = side;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `the weights into neuron ${box.children.length + 1}`);
    box.append(canvas);
  }
  for (let n = 0; n < shown; n++) {
    const tile = weightGrid(weights.subarray(n * inputs, (n + 1) * inputs), { outputs: 1, scale: 1, gap: 0 });
    paint(box.children[n] as HTMLCanvasElement, tile);
  }
}

/** A 28×28 picture (bytes, white ink on black as MNIST) on a canvas, dark ink on white as drawn. */
export function drawDigit(canvas: HTMLCanvasElement, pixels: Uint8Array): void {
  const side = Math.sqrt(pixels.length);
  paint(canvas, grayscaleImage(normalizedIntensities(pixels), side, side, 1));
}

/** The network's outputs as bars, the answer highlighted, the true label (if known) ticked; empty bars (no answer) without outputs. */
export function drawBars(list: HTMLOListElement, given: Float32Array | undefined, label?: number): number | undefined {
  const outputs = given ?? new Float32Array(10);
  let answer: number | undefined = given ? 0 : undefined;
  if (answer !== undefined) for (let i = 1; i < outputs.length; i++) if (outputs[i]! > outputs[answer]!) answer = i;
  const top = Math.max(1, ...outputs);
  while (list.children.length > outputs.length) list.lastElementChild!.remove();
  while (list.children.length < outputs.length) {
    const li = document.createElement('li');
    li.innerHTML = '<span class="digit"></span><span class="bar-track"><span class="bar-fill"></span></span><span class="value"></span>';
    list.append(li);
  }
  outputs.forEach((value, i) => {
    const li = list.children[i] as HTMLLIElement;
    li.querySelector('.digit')!.textContent = String(i);
    (li.querySelector('.bar-fill') as HTMLElement).style.width = `${Math.max(0, (100 * value) / top).toFixed(1)}%`;
    li.querySelector('.value')!.textContent = given ? value.toFixed(2) : '–';
    li.dataset.value = String(value);
    li.toggleAttribute('data-answer', i === answer);
    li.toggleAttribute('data-truth', i === label);
  });
  return answer;
}

/** Digits as a gallery: each picture with a caption under it. */
export function drawGallery(box: HTMLElement, pixels: Uint8Array, captions: readonly string[], titles: readonly string[] = captions): void {
  const size = captions.length > 0 ? pixels.length / captions.length : 0;
  box.replaceChildren(
    ...captions.map((caption, i) => {
      const figure = document.createElement('figure');
      const canvas = document.createElement('canvas');
      drawDigit(canvas, pixels.subarray(i * size, (i + 1) * size));
      figure.title = titles[i]!;
      figure.append(canvas, Object.assign(document.createElement('figcaption'), { textContent: caption }));
      return figure;
    }),
  );
}
