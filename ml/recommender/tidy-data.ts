import * as tf from '@tensorflow/tfjs';

/**
 * Run `build` inside tf.tidy and read the resulting tensor's values outside it. Returning a
 * TypedArray from tf.tidy makes tfjs walk it element by element looking for tensors to keep —
 * for a scoring batch that walk costs more than the forward pass.
 */
export function tidyData(build: () => tf.Tensor): Float32Array {
  const t = tf.tidy(build);
  try {
    return t.dataSync() as Float32Array;
  } finally {
    t.dispose();
  }
}
