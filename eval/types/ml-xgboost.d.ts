/** The emscripten module inside ml-xgboost (its C entry points and heap), as eval/recsys/gbdt.ts uses it. */
declare module 'ml-xgboost/dist/wasm/xgboost.js' {
  interface XGBoostWasm {
    HEAPF32: Float32Array;
    _malloc(bytes: number): number;
    _free(ptr: number): void;
    _create_model(data: number, labels: number, rows: number, cols: number): number;
    _train_full_model(model: number, iterations: number): void;
    _predict_one(model: number, row: number, cols: number, out: number): number;
    _free_memory_model(model: number): void;
    cwrap(name: string, ret: null, args: string[]): (...args: (number | string)[]) => void;
  }
  const module: { isReady: Promise<XGBoostWasm> };
  export default module;
}
