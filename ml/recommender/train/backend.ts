import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

let chosen: Promise<string> | undefined;

/**
 * Select the TF.js backend once per process: wasm (tfjs-node cannot install here), falling back to
 * the pure-JS 'cpu' backend only if wasm fails to initialise — and saying so on stderr, because
 * 'cpu' is an order of magnitude slower.
 */
export function initBackend(): Promise<string> {
  chosen ??= (async () => {
    try {
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        return 'wasm';
      }
      throw new Error('setBackend returned false');
    } catch (err) {
      process.stderr.write(
        `recommender: wasm backend unavailable (${(err as Error).message}); falling back to the slow 'cpu' backend\n`,
      );
      await tf.setBackend('cpu');
      await tf.ready();
      return 'cpu';
    }
  })();
  return chosen;
}
