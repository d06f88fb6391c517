// Regenerates every picture in docs/gallery/ and writes docs/gallery.md: one
// `pnpm gallery` (node --conditions=source --import tsx scripts/gallery.ts).
// The pictures come from the commands the page shows, run through the CLI's
// bin as `pnpm downhill` runs it; the experiments' findings are read from what
// they print. Everything else uses the packages' public entry points only.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scalePixels } from '../packages/datasets/src/index.js';
import { loadMnist } from '../packages/datasets/src/node/index.js';
import { matrix } from '../packages/linalg/src/index.js';
import { loadModel } from '../packages/network/src/index.js';
import { evaluate, imageExamples } from '../packages/train/src/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const gallery = join(root, 'docs', 'gallery');
const work = mkdtempSync(join(tmpdir(), 'downhill-gallery-'));
const say = (text: string) => process.stdout.write(`${text}\n`);
const started = performance.now();

/** One picture on the page: what it shows, what to look at, and the command that makes it. */
interface Figure {
  file: string;
  title: string;
  caption: string;
  command: string;
}

const sections: { heading: string; intro: string; figures: Figure[]; findings?: string[] }[] = [];

/** Run `downhill ARGS` (the CLI's bin, from source, as `pnpm downhill` does), showing and returning what it prints; a failure stops the gallery. */
async function downhill(args: string[]): Promise<string> {
  say(`$ downhill ${args.join(' ')}`);
  const bin = join(root, 'apps', 'cli', 'src', 'bin.ts');
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', bin, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let printed = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    printed += chunk;
    process.stdout.write(chunk);
  });
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`downhill ${args.join(' ')} failed (exit ${code})`);
  return printed;
}

/** Command text for the page: the temporary paths replaced by the names a reader would use. */
function shown(args: string[]): string {
  const quote = (a: string) => (/[\s"'^*()]/.test(a) ? `"${a}"` : a);
  return `pnpm downhill ${args
    .map((a) => (a.startsWith(work) ? relative(work, a) : a.startsWith(gallery) ? relative(gallery, a) : a))
    .map(quote)
    .join(' ')}`;
}

async function figure(args: string[], figureOf: Omit<Figure, 'command'>): Promise<Figure> {
  await downhill(args);
  return { ...figureOf, command: shown(args) };
}

const out = (file: string) => join(gallery, file);

rmSync(gallery, { recursive: true, force: true });
mkdirSync(gallery, { recursive: true });

// ── A trained model: the lesson's network, the full 30 epochs. ────────────
const model = join(work, 'model.safetensors');
// --record-path keeps the weights of every epoch in the run log, for the slice through the path below.
await downhill(['train', '--record-path', '--out', model]);
// Two more runs, 10 epochs each, to overlay learning rates.
const slow = join(work, 'eta-0.5.safetensors'),
  fast = join(work, 'eta-10.safetensors'),
  base = join(work, 'eta-3.safetensors');
for (const [path, lr] of [
  [slow, '0.5'],
  [base, '3'],
  [fast, '10'],
] as const) {
  await downhill(['train', '--epochs', '10', '--lr', lr, '--no-train-accuracy', '--out', path]);
}

// Pick a test image it gets right and the first one it gets wrong, and see how wrong.
const { network } = loadModel(readFileSync(model), model);
const { test } = await loadMnist();
const { predictions, accuracy, confusion } = evaluate(network, imageExamples(test));
const mixUps = confusion
  .flatMap((row, t) => row.map((n, p) => ({ t, p, n })))
  .filter(({ t, p }) => t !== p)
  .sort((a, b) => b.n - a.n)
  .slice(0, 3)
  .map(({ t, p, n }) => `${n} ${t}s taken for ${p}s`)
  .join(', ');
const wrong = predictions.findIndex((p, i) => p !== test.labels[i]);
const right = 0;
const size = test.rows * test.cols;
const outputs = Array.from(network.forward(matrix(1, size, scalePixels(test.pixels.subarray(wrong * size, (wrong + 1) * size)))).data);
const truth = test.labels[wrong]!,
  answer = predictions[wrong]!;
const rank = outputs.filter((v) => v > outputs[truth]!).length + 1;
const ordinal = (n: number) => `${n}${n === 1 ? 'st' : n === 2 ? 'nd' : n === 3 ? 'rd' : 'th'}`;
const wrongCaption =
  `Test image ${wrong}, the first one this network gets wrong: a ${truth}, answered ${answer} (output ${outputs[answer]!.toFixed(2)}). ` +
  `The true digit comes ${ordinal(rank)} with ${outputs[truth]!.toPrecision(2)}: look at the picture and judge whether the mistake is a fair one.`;

sections.push({
  heading: 'The trained network',
  intro:
    `The lesson's network — 784 → 16 → 16 → 10 sigmoid neurons, quadratic cost, mini-batch SGD with η = 3 and batches of 10 — ` +
    `trained for 30 epochs on the 60,000 MNIST training digits (\`pnpm downhill train --record-path\`, under a minute; ` +
    '`--record-path` keeps the weights of each epoch in the run log, for the slice further down). ' +
    `The model it saves, the mean of the weights at the end of epochs 16–30, gets ${(100 * accuracy).toFixed(2)} % of the 10,000 test digits right; ` +
    'in the accuracy chart below, "test set, weights averaged" is that mean and "test set" the weights of each epoch alone.',
  figures: [
    await figure(['viz', 'curves', join(work, 'model.jsonl'), '-o', out('curves.svg')], {
      file: 'curves.svg',
      title: 'Cost and accuracy per epoch',
      caption:
        'From the run log `downhill train` writes beside the model. Look at how fast the first epoch does most of the work, ' +
        'and at the gap between the training and the test curves: it opens slowly as the network starts to fit its training set.',
    }),
    await figure(
      ['viz', 'curves', join(work, 'eta-0.5.jsonl'), join(work, 'eta-3.jsonl'), join(work, 'eta-10.jsonl'), '--log-y', '-o', out('curves-learning-rates.svg')],
      {
        file: 'curves-learning-rates.svg',
        title: 'Three learning rates, overlaid',
        caption:
          'The same network trained for 10 epochs with η = 0.5, 3 and 10 (one `downhill train --lr` each). ' +
          'The step size is the one knob of plain gradient descent: too small crawls, too large overshoots.',
      },
    ),
    await figure(['viz', 'weights', model, '-o', out('weights.png')], {
      file: 'weights.png',
      title: 'First-layer weights as images (PNG)',
      caption:
        'Each of the 16 hidden neurons of the first layer has 784 weights, one per pixel: drawn as a 28 × 28 tile, ' +
        'blue negative, white zero, red positive. This is the bare grid, for embedding; the SVG below has labels and a colour bar.',
    }),
    await figure(['viz', 'weights', model, '-o', out('weights.svg')], {
      file: 'weights.svg',
      title: 'First-layer weights, labelled',
      caption:
        'The lesson hoped for edge detectors. Look for loose strokes and blobs in the middle, where digits put ink, ' +
        'inside speckled noise that training never cleaned up — the `weights` experiment below measures it.',
    }),
    await figure(['viz', 'confusion', model, '-o', out('confusion.svg')], {
      file: 'confusion.svg',
      title: 'Confusion matrix on the test set',
      caption:
        'Rows are the true digit, columns the answer. The diagonal is what it gets right; look at the largest orange cells off it, ' +
        `the digits it mixes up — in this run most often ${mixUps}.`,
    }),
    await figure(['viz', 'network', model, '--index', String(right), '-o', out('network.svg')], {
      file: 'network.svg',
      title: 'The network lighting up',
      caption:
        `Test image ${right} goes in on the left as 784 pixels; each neuron is shaded by its activation (white 0, black 1), ` +
        'edges show the strongest weights, red positive and blue negative. Follow the darkest hidden neurons to the answer.',
    }),
    await figure(['viz', 'digit', model, '--index', String(right), '-o', out('digit.svg')], {
      file: 'digit.svg',
      title: 'A digit and the 10 outputs',
      caption: `Test image ${right} and the activation of each output neuron: the brightest one is the answer, the true label is marked.`,
    }),
    await figure(['viz', 'digit', model, '--index', String(wrong), '-o', out('digit-wrong.svg')], {
      file: 'digit-wrong.svg',
      title: 'A digit it gets wrong',
      caption: wrongCaption,
    }),
  ],
});

// ── Rolling downhill on cost surfaces. ────────────────────────────────────
sections.push({
  heading: 'Rolling downhill',
  intro:
    'The ball of the lesson on surfaces you can type. Each optimizer starts from the same point; without `--lr`, each runs at the ' +
    'best learning rate of a sweep from 1e-4 to 1 (among those that never climb above their start), so the race is fair.',
  figures: [
    await figure(['viz', 'landscape', '(w - 2)^2', '--from', '4', '--lr', '0.15', '--steps', '8', '--range', '-1,5', '-o', out('ball.svg')], {
      file: 'ball.svg',
      title: 'The 1-D ball: C(w) = (w − 2)²',
      caption:
        'w ← w − η C′(w) from w = 4 with η = 0.15. Look at the steps shrinking as the slope flattens: ' +
        'the step is proportional to the slope, so the ball slows down near the minimum by itself.',
    }),
    await figure(['viz', 'landscape', 'bowl', '--race', 'sgd:0.09,momentum:0.005', '--steps', '60', '-o', out('bowl.svg')], {
      file: 'bowl.svg',
      title: 'A narrow bowl: zig-zag vs momentum',
      caption:
        'x² + 10 y² is ten times steeper across than along. Plain gradient descent (η = 0.09) zig-zags across the valley; ' +
        'momentum (η = 0.005, μ = 0.9) averages the zig-zag away into one smooth swing, and overshoots a little at the end.',
    }),
    await figure(['viz', 'landscape', 'rosenbrock', '--race', 'sgd,momentum,adam', '-o', out('rosenbrock.svg')], {
      file: 'rosenbrock.svg',
      title: "Rosenbrock's banana valley",
      caption:
        'The valley floor is easy to reach and hard to follow: colour is on a log scale to show it. ' +
        'Look at how far each optimizer gets along the curved floor towards the minimum ✕ at (1, 1) in 500 steps.',
    }),
    await figure(['viz', 'landscape', 'himmelblau', '--race', 'sgd,momentum,adam', '-o', out('himmelblau.svg')], {
      file: 'himmelblau.svg',
      title: "Himmelblau's four minima",
      caption:
        'Four equally low minima: which one a run ends in depends on where it starts and on how it moves. ' +
        "Look at which minimum each optimizer ends in: momentum's overshoot can carry it into another valley than plain descent's.",
    }),
  ],
});

// ── The network's own landscape. ───────────────────────────────────────────
/** What a command printed for its reader: its lines but the progress ones (indented) and "wrote …". */
const findingLines = (printed: string) => printed.split('\n').filter((l) => l.trim() !== '' && !l.startsWith(' ') && !l.startsWith('wrote '));
const slicePath = ['viz', 'slice', model, '--log', join(work, 'model.jsonl'), '-o', out('slice-path.svg')];
const sliceRandom = ['viz', 'slice', model, '-o', out('slice-random.svg')];
sections.push({
  heading: "The network's own cost landscape",
  intro:
    "The lesson's cost surface has 13,002 dimensions: it cannot be drawn, only sliced. `downhill viz slice` evaluates the trained network's " +
    'cost on 1,000 training digits along a line and across a plane through its weights, 41 × 41 costs in a few seconds.',
  findings: [...findingLines(await downhill(slicePath)), ...findingLines(await downhill(sliceRandom)).slice(1)],
  figures: [
    {
      file: 'slice-path.svg',
      title: 'From the start to the end, and the plane of the path',
      caption:
        "Top: the cost along the straight line from the random start (α = 0) to the trained weights (α = 1), the lesson's 1-D picture with the ball at both ends. " +
        'It falls all the way, with no bump: along this line the landscape is one slope. Bottom: the plane through the trained weights spanned by the ' +
        'two directions the path of training moved in most, with that path epoch by epoch: a long curved valley, not a bowl, which training came down into and then along. ' +
        "The contours close around a floor near where it stopped but not on it (the plane's lowest cost, in the findings above, is below the saved model's): " +
        'gradient descent settles near a minimum, with no promise that it is the lowest one.',
      command: shown(slicePath),
    },
    {
      file: 'slice-random.svg',
      title: 'A random plane through the trained weights',
      caption:
        'The same line, then two random directions, each scaled neuron by neuron to the size of its weights (Li et al. 2018, "Visualizing the Loss ' +
        'Landscape of Neural Nets"). Along random directions the trained weights sit in a round bowl, as if the landscape were convex: ' +
        "random slices miss the long valley of the path's plane above, which is why Li et al. slice along the path as well.",
      command: shown(sliceRandom),
    },
  ],
});

// ── The lesson's experiments. ─────────────────────────────────────────────
const experiments: {
  name: string;
  heading: string;
  intro: string;
  figures: Omit<Figure, 'command'>[];
}[] = [
  {
    name: 'weights',
    heading: 'Experiment: edges or noise?',
    intro:
      "Trains the lesson's network for 30 epochs and measures how smooth its first-layer weight images are (neighbouring weights' correlation) next to the random start.",
    figures: [
      { file: 'weights-initial.svg', title: 'Before training', caption: 'The random start: N(0, 1) weights, no structure at all.' },
      {
        file: 'weights-trained.svg',
        title: 'After training',
        caption: 'The same neurons after 30 epochs. Compare with the start: strokes and blobs appear in the middle, the edges stay speckled.',
      },
      {
        file: 'weights-change.svg',
        title: 'What training changed',
        caption:
          'Trained minus initial weights: the learned part alone, much smoother. It is blank at the edges of each tile, where no digit ever puts ink, so no gradient ever arrives.',
      },
    ],
  },
  {
    name: 'noise',
    heading: 'Experiment: what does it make of noise?',
    intro: "Feeds 10,000 images of uniform random noise to the lesson's network (trained 5 epochs) and compares its answers with those on real digits.",
    figures: [
      { file: 'noise-example.svg', title: 'One noise image', caption: 'No digit at all, yet one output neuron lights up.' },
      {
        file: 'noise-confidence.svg',
        title: 'How sure it is',
        caption: 'The largest output per image, as a histogram. Look at how much of the noise lands in the confident bins on the right.',
      },
      {
        file: 'noise-classes.svg',
        title: 'What it answers',
        caption: 'Which digit it answers: real digits spread evenly over the ten classes, noise piles onto a few.',
      },
    ],
  },
  {
    name: 'random-labels',
    heading: 'Experiment: random labels',
    intro:
      'The same network and budget on 5,000 images with their true labels and with the labels shuffled (784-100-10, relu, cross-entropy, Adam, 60 epochs).',
    figures: [
      {
        file: 'random-labels-cost.svg',
        title: 'Training cost',
        caption: 'Both go down: meaningless labels can be learned by heart. Look at the gap: the shuffled run is orders of magnitude behind.',
      },
      {
        file: 'random-labels-accuracy.svg',
        title: 'Accuracy',
        caption: 'On the training set the shuffled run catches up slowly; on the test set it stays at chance (10 %): memorised, not learned.',
      },
    ],
  },
  {
    name: 'gradient',
    heading: 'Experiment: the gradient as nudges',
    intro:
      "The full gradient of the cost for one test digit, all 13,002 components, on the lesson's network after one epoch of training: " +
      '"the negative gradient encodes the relative importance of each weight and bias".',
    figures: [
      {
        file: 'gradient-first-layer.svg',
        title: "The first layer's nudges as images",
        caption:
          "Each hidden neuron's 784 components of ∂C/∂w as a 28 × 28 tile, each on its own scale (its largest value in its caption): red asks for the weight to go down, blue up. For one image ∂C/∂w = δ·x, the neuron's error times the pixel, so each tile is the digit itself, all red or all blue: blank pixels get exactly no nudge, and the captions show neurons millions of times apart in how much they matter.",
      },
      {
        file: 'gradient-other-layers.svg',
        title: 'The other layers',
        caption:
          "The second and output layers' ∂C/∂w as heat maps, one row per neuron and one column per input. A few rows carry nearly all of it: the neurons whose error δ is largest; the pale columns are inputs from neurons that barely fire.",
      },
      {
        file: 'gradient-magnitudes.svg',
        title: 'Which nudges matter',
        caption:
          'All components sorted by |∂C/∂w| on a log scale: they span many orders of magnitude, so a handful give most of the "bang for your buck", as the findings measure.',
      },
    ],
  },
  {
    name: 'saddle',
    heading: 'Experiment: noise escapes a saddle',
    intro:
      'A cost that is a mean over 100 examples, with a saddle, a shallow valley and a deep one: full-batch gradient descent against mini-batch SGD, ' +
      'whose noise is the real noise of a mini-batch, 20 seeded runs each. "The noise helps the optimizer escape shallow local minima and saddle points."',
    figures: [
      {
        file: 'saddle-paths.svg',
        title: 'Paths from the ridge and from the right',
        caption:
          "Full-batch descent from the saddle's ridge slides down the ridge to the saddle point and stops there; from the right it settles in the shallow valley. The mini-batch runs wander and end in the deep valley on the left.",
      },
      {
        file: 'saddle-outcomes.svg',
        title: 'Where the runs end',
        caption:
          "Where the 20 runs of each kind end. Full-batch descent ends on the saddle or in the shallow valley, wherever it starts; batches of 5 end in the deep valley; batches of 50, whose gradient is less noisy, less often: the escape is the noise's doing.",
      },
    ],
  },
  {
    name: 'backprop',
    heading: 'Experiment: backprop against finite differences',
    intro:
      "All 13,002 partial derivatives of the lesson's network on a mini-batch of 10, once by one backward pass and once by nudging every weight both ways: " +
      '"finite differences would require millions of forward passes; backpropagation computes all gradients in a single backward pass".',
    figures: [
      {
        file: 'backprop-vs-finite-differences.svg',
        title: 'The two gradients against each other',
        caption:
          'Each dot is one weight or bias: its ∂C/∂w by backprop across, by finite differences up. They lie on the line y = x: the same gradient, one of them thousands of times cheaper.',
      },
    ],
  },
  {
    name: 'optimizers',
    heading: 'Experiment: same budget, four optimizers',
    intro:
      "Full-batch gradient descent, mini-batch SGD, momentum and Adam on the lesson's network, from the same start, each allowed 200,000 examples (20 passes over 10,000 images).",
    figures: [
      {
        file: 'optimizers-cost.svg',
        title: 'Cost vs examples seen',
        caption:
          'Full-batch descent takes one exact step per pass; the mini-batch methods take a thousand rough ones in the same time. Look at how little the exact steps buy.',
      },
    ],
  },
];

for (const e of experiments) {
  const printed = await downhill(['experiment', e.name, '--out', gallery, '--seed', '1']);
  const findings = findingsOf(printed, e.name);
  sections.push({
    heading: e.heading,
    intro: `${e.intro} Run it with \`pnpm downhill experiment ${e.name}\`; it writes its pictures to \`experiments/${e.name}/\`.`,
    figures: e.figures.map((f) => ({ ...f, command: `pnpm downhill experiment ${e.name}` })),
    findings,
  });
}

// ── The page. ─────────────────────────────────────────────────────────────
const lines: string[] = [
  '# Gallery',
  '',
  'Every picture downhill draws, each with the command that makes it. All of them are regenerated by `pnpm gallery`',
  "(`scripts/gallery.ts`), which trains the models it needs first; the experiments' findings below are printed by",
  'the experiments themselves, computed from that run.',
  '',
  'Four of them — the gradient as nudges, backprop against finite differences, noise escaping a saddle, and a',
  'slice of the network\'s own cost landscape — also run in the web demo, in its "The lesson\'s claims" tab',
  "(`pnpm web`, then open `?tab=claims`), on the lesson's shipped network by the same package functions, each",
  'panel with the command above that does the full version.',
  '',
];
for (const s of sections) {
  lines.push(
    `- [${s.heading}](#${s.heading
      .toLowerCase()
      .replace(/[^a-z0-9 -]/g, '')
      .replace(/ /g, '-')})`,
  );
}
lines.push('');
for (const s of sections) {
  lines.push(`## ${s.heading}`, '', s.intro, '');
  if (s.findings) {
    lines.push('What the run found:', '');
    for (const f of s.findings) lines.push(`- ${f}`);
    lines.push('');
  }
  for (const f of s.figures) {
    lines.push(`### ${f.title}`, '', `![${f.title}](gallery/${f.file})`, '', f.caption, '', '```sh', f.command, '```', '');
  }
}
const page = join(root, 'docs', 'gallery.md');
writeFileSync(`${page}.tmp`, lines.join('\n'));
renameSync(`${page}.tmp`, page);

// Only the pictures the page shows belong in the gallery.
const shownFiles = new Set(sections.flatMap((s) => s.figures.map((f) => f.file)));
for (const file of readdirSync(gallery)) if (!shownFiles.has(file)) rmSync(join(gallery, file));
const bytes = readdirSync(gallery).reduce((sum, f) => sum + statSync(join(gallery, f)).size, 0);
rmSync(work, { recursive: true, force: true });
say(
  `gallery: ${shownFiles.size} pictures, ${(bytes / 1e6).toFixed(2)} MB in docs/gallery, docs/gallery.md; ${((performance.now() - started) / 1000).toFixed(0)} s`,
);

/** The findings an experiment printed: the `  - ` lines under its `findings (NAME):` heading. */
function findingsOf(printed: string, name: string): string[] {
  const lines = printed.split('\n');
  const start = lines.indexOf(`findings (${name}):`);
  if (start < 0) throw new Error(`downhill experiment ${name}: expected it to print "findings (${name}):", found none`);
  const findings: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('  - ')) break;
    findings.push(line.slice(4));
  }
  return findings;
}
