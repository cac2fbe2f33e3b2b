/** Accuracy and macro-F1 (unweighted mean of per-class F1, as sklearn's f1_score(average='macro')). */
export function accuracy(truth: Int32Array, predicted: Int32Array): number {
  let ok = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === predicted[i]) ok++;
  return truth.length ? ok / truth.length : 0;
}

export function macroF1(truth: Int32Array, predicted: Int32Array, classes: number): number {
  const tp = new Float64Array(classes),
    fp = new Float64Array(classes),
    fn = new Float64Array(classes);
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i]!,
      p = predicted[i]!;
    if (t === p) tp[t]++;
    else {
      fp[p]++;
      fn[t]++;
    }
  }
  // Classes absent from both truth and predictions are left out, like sklearn's label set.
  let sum = 0,
    counted = 0;
  for (let c = 0; c < classes; c++) {
    if (tp[c] + fp[c] + fn[c] === 0) continue;
    const denom = 2 * tp[c]! + fp[c]! + fn[c]!;
    sum += denom ? (2 * tp[c]!) / denom : 0;
    counted++;
  }
  return counted ? sum / counted : 0;
}
