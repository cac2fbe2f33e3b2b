/**
 * `npm run build:web`: console app + widget IIFE into web/dist, then print the widget's raw and
 * gzipped size (the number the widget issue asks us to report).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { consoleConfig, outDir, widgetConfig } from './vite.config.ts';

export async function buildWeb(
  options: { quiet?: boolean } = {},
): Promise<{ widgetBytes: number; widgetGzipBytes: number }> {
  await build({ ...consoleConfig, configFile: false });
  await build({ ...widgetConfig, configFile: false });
  const widget = readFileSync(join(outDir, 'widget.js'));
  const sizes = { widgetBytes: widget.length, widgetGzipBytes: gzipSync(widget, { level: 9 }).length };
  if (!options.quiet)
    console.log(
      `web/dist built; widget.js ${(sizes.widgetBytes / 1024).toFixed(1)} KiB, gzipped ${(sizes.widgetGzipBytes / 1024).toFixed(1)} KiB`,
    );
  return sizes;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildWeb().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
