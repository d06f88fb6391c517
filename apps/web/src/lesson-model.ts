// The lesson's network, trained beforehand (scripts/web-lesson-model.mjs runs
// `downhill train --preset lesson`), shipped with the page: 53 KB, so the
// drawing pad reads digits on first load, before any training. A run replaces it.
import { loadModel, type Network } from '@downhill/network';
import modelUrl from './assets/lesson-model.safetensors?url';

export interface LessonModel {
  readonly network: Network;
  /** Its accuracy on MNIST's 10,000 test digits, as the CLI measured it. */
  readonly testAccuracy: number | undefined;
}

export async function loadLessonModel(): Promise<LessonModel> {
  const response = await fetch(modelUrl);
  if (!response.ok) throw new Error(`the lesson's network: could not fetch ${modelUrl} (HTTP ${response.status})`);
  const { network, metadata } = loadModel(new Uint8Array(await response.arrayBuffer()), 'lesson-model.safetensors');
  const accuracy = Number(metadata.testAccuracy);
  return { network, testAccuracy: Number.isFinite(accuracy) ? accuracy : undefined };
}
