// Entry point of a recommender pool worker thread. Workers start as plain Node, whatever launched
// the server (tsx, vitest, node), so TypeScript support is registered here before the handler loads.
import { register } from 'tsx/esm/api';

register();
const { default: handle } = await import('./worker.ts');
export default handle;
