// The worker of "The lesson's claims" tab: it holds the shipped lesson network
// and MNIST's test images (one shard, fetched when first needed, kept in the
// browser's cache as the training worker keeps it) and runs the four
// experiments of claims-compute.ts one after another, so the page never waits
// on 26,004 forward passes.
import { type Cost, getCost } from '@downhill/cost';
import type { LabeledImages } from '@downhill/datasets';
import { loadModel, type Network } from '@downhill/network';
import { backpropClaim, gradientClaim, saddleClaim, sliceClaim } from './claims-compute.js';
import type { ClaimsScope, FromClaims, Job, ToClaims } from './claims-protocol.js';
import { MnistShardStore } from './mnist.js';
import { TEST_IMAGES } from './claims-view.js';

const scope = self as unknown as ClaimsScope;
const post = (message: FromClaims, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

let where: { store: MnistShardStore; modelUrl: string } | undefined;
let lesson: Promise<{ network: Network; cost: Cost; test: LabeledImages }> | undefined;
/** One job at a time, in the order asked. */
let queue: Promise<unknown> = Promise.resolve();

function load(job: Job): Promise<{ network: Network; cost: Cost; test: LabeledImages }> {
  if (!where) throw new Error('the page has not said where the lesson network and MNIST are');
  const { store, modelUrl } = where;
  lesson ??= (async () => {
    const response = await fetch(modelUrl);
    if (!response.ok) throw new Error(`the lesson's network: could not fetch it (HTTP ${response.status})`);
    const { network, metadata } = loadModel(new Uint8Array(await response.arrayBuffer()), 'lesson-model.safetensors');
    const { test } = await store.load({ train: 0, test: TEST_IMAGES }, (p) =>
      post({ type: 'progress', job, what: 'fetching the MNIST test images', done: p.loaded, total: p.total }),
    );
    return { network, cost: getCost(metadata.cost ?? 'quadratic'), test };
  })();
  lesson.catch(() => {
    lesson = undefined;
  });
  return lesson;
}

async function perform(message: Exclude<ToClaims, { type: 'data' }>): Promise<void> {
  const job = message.type;
  const progress = (what: string) => (done: number, total: number) => post({ type: 'progress', job, what, done, total });
  switch (message.type) {
    case 'gradient': {
      const { network, cost, test } = await load(job);
      const claim = gradientClaim(network, test, cost, message.index);
      post({ type: 'gradient', claim }, [claim.firstLayer.buffer]);
      break;
    }
    case 'backprop': {
      const { network, cost, test } = await load(job);
      progress('finite differences')(0, network.parameterCount);
      post({
        type: 'backprop',
        claim: backpropClaim(network, test, cost, { index: message.index, batch: message.batch, onProgress: progress('finite differences') }),
      });
      break;
    }
    case 'saddle':
      post({ type: 'saddle', claim: saddleClaim({ runs: message.runs, onRun: progress('seeded runs') }) });
      break;
    case 'slice': {
      const { network, cost, test } = await load(job);
      post({ type: 'slice', claim: sliceClaim(network, test, cost, { onProgress: progress('costs') }) });
      break;
    }
  }
}

scope.onmessage = (event: MessageEvent<ToClaims>) => {
  const message = event.data;
  if (message.type === 'data') {
    where = { store: new MnistShardStore(message.manifest, message.base), modelUrl: message.modelUrl };
    return;
  }
  queue = queue.then(() =>
    perform(message).catch((error: unknown) => post({ type: 'error', job: message.type, message: error instanceof Error ? error.message : String(error) })),
  );
};
