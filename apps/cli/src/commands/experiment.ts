import { Command } from 'commander';
import { backpropDefaults, backpropExperiment } from '../experiments/backprop.js';
import { gradientDefaults, gradientExperiment } from '../experiments/gradient.js';
import { noiseDefaults, noiseExperiment } from '../experiments/noise.js';
import { optimizersDefaults, optimizersExperiment } from '../experiments/optimizers.js';
import { randomLabelsDefaults, randomLabelsExperiment } from '../experiments/random-labels.js';
import { saddleDefaults, saddleExperiment } from '../experiments/saddle.js';
import { weightsDefaults, weightsExperiment } from '../experiments/weights.js';
import { layerSizes, nonNegativeInteger, numberList, positiveInteger, positiveNumber, seed, setting, wholeNumber } from '../options.js';
import { type Output, stdoutOutput } from '../progress.js';
import { parseRace } from '../viz/race.js';

// `downhill experiment NAME`: the lesson's experiments, each one command that
// writes its pictures to a folder and prints findings computed from the run.

/** An experiment's command with the flags they all share. */
function experiment(name: string, summary: string, description: string): Command {
  return new Command(name)
    .summary(summary)
    .description(description)
    .option('--out <dir>', `folder for the pictures (default: experiments/${name})`)
    .option('--seed <n>', 'seed for initialisation, shuffling and noise, 0 to 4294967295', seed, 1)
    .option('--data <dir>', 'a folder of MNIST-named IDX files, plain or .gz (default: MNIST)');
}

export function experimentCommand(output: Output = stdoutOutput): Command {
  return new Command('experiment')
    .summary("run one of the lesson's experiments: weights, noise, random-labels, optimizers, gradient, saddle, backprop")
    .description(
      "The lesson's experiments, each one command: it trains what it needs, writes its pictures to a folder and prints what it found, computed from the run. With their defaults, each takes seconds (random-labels, the longest, about ten on two cores).",
    )
    .addCommand(
      experiment(
        'weights',
        'do first-layer weights look like edges or like noise?',
        "Train the lesson's network (784-16-16-10 sigmoid, quadratic cost, SGD η = 3, batch 10) and look at the first-layer weights: are they edge detectors, or noise? Measured by how smooth each weight image is.",
      )
        .option('--epochs <n>', 'epochs of training', setting('epochs'), weightsDefaults.epochs)
        .option('--limit <n>', 'train on the first n training images only', setting('limit'))
        .option('--test-limit <n>', 'test on the first n test images only', nonNegativeInteger)
        .action(async (flags) => {
          await weightsExperiment(flags, output);
        }),
    )
    .addCommand(
      experiment(
        'noise',
        'how sure is a trained network about pure noise?',
        'Feed images of uniform random noise to a trained network and compare its confidence (largest output) and its answers with those on real test digits.',
      )
        .option('--model <file>', "a trained .safetensors model (default: train the lesson's network)")
        .option('--epochs <n>', 'epochs of training when no --model is given', setting('epochs'), noiseDefaults.epochs)
        .option('--count <n>', 'number of noise images (at most 20,000)', wholeNumber(1, 20_000), noiseDefaults.count)
        .option('--limit <n>', 'train on the first n training images only', setting('limit'))
        .option('--test-limit <n>', 'compare with the first n test images only', positiveInteger)
        .action(async (flags) => {
          await noiseExperiment(flags, output);
        }),
    )
    .addCommand(
      experiment(
        'random-labels',
        'shuffled labels are memorised, but far more slowly',
        'Train the same network with the same budget on true labels and on shuffled labels, and overlay their training cost and accuracy. Default network 784-100-10 (relu, softmax + cross-entropy, Adam), which has room to memorise 5,000 labels.',
      )
        .option('--epochs <n>', 'epochs of each training', setting('epochs'), randomLabelsDefaults.epochs)
        .option('--limit <n>', 'training images (a subset, so memorising fits the budget)', setting('limit'), randomLabelsDefaults.limit)
        .option('--test-limit <n>', 'test images measured after each epoch', nonNegativeInteger, randomLabelsDefaults.testLimit)
        .option('--layers <sizes>', 'layer sizes, input first', layerSizes)
        .action(async (flags) => {
          await randomLabelsExperiment(flags, output);
        }),
    )
    .addCommand(
      experiment(
        'gradient',
        'the gradient as nudges: which way, and which matter most',
        "The gradient of the cost for one test digit and for a mini-batch: the first layer's ∂C/∂W as 16 pictures (red: nudge the weight down, blue: up), the other layers as heat maps, the 13,002 components by size, and a check that nudging the largest ones lowers the cost more than as many random ones.",
      )
        .option('--model <file>', "a trained model (default: the lesson's network after --epochs of training)")
        .option('--epochs <n>', 'epochs of training when no --model is given', setting('epochs'), gradientDefaults.epochs)
        .option('--index <n>', 'the test image', nonNegativeInteger, 0)
        .option(
          '--batch <n>',
          'images in the mini-batch, from --index (near the end of the test set, the last ones)',
          wholeNumber(1, 10_000),
          gradientDefaults.batch,
        )
        .action(async (flags) => {
          await gradientExperiment(flags, output);
        }),
    )
    .addCommand(
      experiment(
        'saddle',
        'mini-batch noise escapes saddles and shallow minima that trap gradient descent',
        'Full-batch gradient descent and mini-batch SGD, many seeds, on a cost that is a mean over 100 examples (a tilted double well: a deep valley, a shallow one, a saddle between): where does each end? With --surface, any built-in or typed f(x, y) with Gaussian gradient noise of --noise.',
      )
        .option('--runs <n>', 'seeded runs of each noisy descent', wholeNumber(1, 1000), saddleDefaults.runs)
        .option('--batch <n>', 'mini-batch size on the double well (of its 100 examples)', wholeNumber(1, 100), saddleDefaults.batch)
        .option('--epochs <n>', 'passes over the examples', wholeNumber(1, 10_000), saddleDefaults.epochs)
        .option('--lr <rate>', `learning rate η, annealed to 0 by a cosine (default ${saddleDefaults.learningRate})`, positiveNumber)
        .option('--surface <f>', 'a built-in surface or a typed f(x, y), with Gaussian gradient noise instead of examples')
        .option(
          '--noise <sigma>',
          `with --surface: standard deviation of the noise on each gradient component (default ${saddleDefaults.noise}, a batch of 5 of the double well's examples)`,
          positiveNumber,
        )
        .option('--from <point>', "with --surface: the start (default: the surface's suggested start)", numberList)
        .option('--steps <n>', `with --surface: steps of each descent (default ${saddleDefaults.steps})`, wholeNumber(1, 100_000))
        .action(async (flags) => {
          await saddleExperiment(flags, output);
        }),
    )
    .addCommand(
      experiment(
        'backprop',
        'backprop vs finite differences: one backward pass against 26,004 forward ones',
        "Compute the gradient of the lesson's network on one mini-batch both ways, by backpropagation and by nudging every weight and bias up and down (finite differences), and compare their times and their values.",
      )
        .option('--model <file>', "a trained model (default: the lesson's network as it starts, from --seed)")
        .option('--index <n>', 'first test image of the mini-batch', nonNegativeInteger, 0)
        .option('--batch <n>', 'images in the mini-batch', wholeNumber(1, 1000), backpropDefaults.batch)
        .action(async (flags) => {
          await backpropExperiment(flags, output);
        }),
    )
    .addCommand(
      experiment(
        'optimizers',
        'full-batch GD vs mini-batch SGD vs momentum vs Adam, same budget',
        "Train the lesson's network with each optimizer on the same budget of examples seen, from the same start, and plot the cost against examples seen.",
      )
        .option('--race <optimizers>', 'optimizers with their learning rates', parseRace)
        .option('--budget <n>', 'examples each optimizer sees (rounded to whole passes over the data)', wholeNumber(1, 100_000_000), optimizersDefaults.budget)
        .option('--epochs <n>', 'instead of --budget: passes over the data')
        .option('--batch <n>', 'mini-batch size (full-batch optimizers use all images)', setting('batch'), 10)
        .option('--limit <n>', 'training images', setting('limit'), optimizersDefaults.limit)
        .option('--test-limit <n>', 'test on the first n test images only', nonNegativeInteger)
        .addHelpText('after', ` Default race: ${optimizersDefaults.race}`)
        .action(async (flags) => {
          await optimizersExperiment({ ...flags, ...(flags.epochs !== undefined ? { epochs: setting('epochs')(flags.epochs) } : {}) }, output);
        }),
    );
}
