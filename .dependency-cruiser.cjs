/**
 * The layering of Meridian (docs/ARCHITECTURE.md), checked by `npm run deps:check` inside
 * `npm test`. Data flows one way:
 *   lib → domain → data → ml → ingest → server → web → eval → testkit / bench / scripts
 * A folder may import only folders to its left (and itself). Tests (*.test.ts) may import
 * anything, including testkit/ and eval/stack/.
 */
const layers = [
  { name: 'lib', path: '^lib/', may: [] },
  { name: 'domain', path: '^domain/', may: ['lib'] },
  { name: 'data', path: '^data/', may: ['lib', 'domain'] },
  { name: 'ml', path: '^ml/', may: ['lib', 'domain', 'data'] },
  { name: 'ingest', path: '^ingest/', may: ['lib', 'domain', 'data', 'ml'] },
  { name: 'server', path: '^server/', may: ['lib', 'domain', 'data', 'ml'], except: '^server/main\\.ts$' },
  // The process entry point wires everything, including first-run preparation (ingest, training).
  { name: 'server-main', path: '^server/main\\.ts$', may: ['lib', 'domain', 'data', 'ml', 'ingest', 'server'] },
  // The widget and console bundle for the browser: wire types and pure formatting only.
  { name: 'web', path: '^web/src/', may: ['domain'] },
];
const paths = Object.fromEntries(layers.map((l) => [l.name, l.path]));
const notTest = '\\.(int\\.)?test\\.ts$';

module.exports = {
  forbidden: [
    ...layers.map((layer) => ({
      name: `${layer.name}-layer`,
      comment: `${layer.name}/ may import only ${layer.may.length ? layer.may.join(', ') : 'itself'} (docs/ARCHITECTURE.md)`,
      severity: 'error',
      from: { path: layer.path, pathNot: layer.except ? [notTest, layer.except] : notTest },
      to: {
        path: '^(lib|domain|data|ml|ingest|server|web|eval|testkit|bench|scripts)/',
        pathNot: [layer.path, ...layer.may.map((m) => paths[m])],
      },
    })),
    {
      name: 'testkit-only-in-tests',
      comment: 'testkit/ is scaffolding for tests and benches; product code never imports it',
      severity: 'error',
      from: { path: '^(lib|domain|data|ml|ingest|server|web/src|eval)/', pathNot: notTest },
      to: { path: '^testkit/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { pathNot: notTest },
      to: { circular: true, viaOnly: { pathNot: notTest } },
    },
    {
      name: 'web-domain-types-only',
      comment: 'web/src takes wire types and pure helpers from domain/, never zod schemas at run time beyond format.ts',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { path: '^domain/(customer|product|customer-metadata|catalog)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
