// The import rules of docs/architecture.md, checked in CI (npm run lint:deps, part of npm test).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'An import cycle ties modules into one lump that cannot be read, tested or loaded apart '
        + '(type-only imports count too: the types are read together as much as the code).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'store-and-scheduler-know-no-feature',
      severity: 'error',
      comment: 'The store composes the slices features declare; the scheduler runs the jobs they register. Neither imports them.',
      from: { path: '^(store|scheduler)/' },
      to: { path: '^(handlers|bot/channels)/' },
    },
    {
      name: 'text-helpers-stand-alone',
      severity: 'error',
      comment: 'text/ is plain Chinese text handling: it imports nothing of the bot.',
      from: { path: '^text/' },
      to: { path: '^(handlers|bot|store|scheduler)/' },
    },
    {
      name: 'features-meet-through-index',
      severity: 'error',
      comment: "A feature uses another only through that feature's index.ts.",
      from: { path: '^handlers/([^/]+)/', pathNot: '\\.test\\.ts$' },
      to: { path: '^handlers/[^/]+/', pathNot: ['^handlers/$1/', '^handlers/[^/]+/index\\.ts$'] },
    },
    {
      name: 'only-the-feature-list-imports-features',
      severity: 'error',
      comment: 'bot/app.ts is the list of features; the rest of bot/ (framework, channels) knows none of them.',
      from: { path: '^(bot|scripts)/', pathNot: ['^bot/app\\.ts$', '^bot/config\\.ts$', '\\.test\\.ts$'] },
      to: { path: '^handlers/' },
    },
    {
      name: 'settings-read-only-feature-settings',
      severity: 'error',
      comment: "bot/config.ts reads each feature's settings (handlers/<feature>/config.ts) and nothing else of a feature.",
      from: { path: '^bot/config\\.ts$' },
      to: { path: '^handlers/', pathNot: '^handlers/[^/]+/config\\.ts$' },
    },
    {
      name: 'feature-settings-stand-alone',
      severity: 'error',
      comment: 'A feature\'s settings import only the kinds of setting, so reading the settings loads no feature.',
      from: { path: '^handlers/[^/]+/config\\.ts$' },
      to: { path: '^(handlers|bot|store)/', pathNot: '^bot/config-fields\\.ts$' },
    },
    {
      name: 'app-uses-feature-index',
      severity: 'error',
      from: { path: '^bot/app\\.ts$' },
      to: { path: '^handlers/', pathNot: '^handlers/[^/]+/index\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|\\.tmp)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
