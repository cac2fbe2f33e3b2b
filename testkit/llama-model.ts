import path from 'node:path';
import { testConfig } from '../lib/config/index.ts';

/** The tiny real GGUF used by the node-llama-cpp tests and the chat bench: `<sharedDataDir>/../models/gguf/stories260K.gguf`. */
export const STORIES_GGUF = path.resolve(testConfig().sharedDataDir, '../models/gguf/stories260K.gguf');
