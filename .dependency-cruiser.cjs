/**
 * The dependency rules of ARCHITECTURE.md, checked in CI (`pnpm depcheck`).
 * Workspace packages are resolved through their symlinks to packages/<name>/…,
 * so the rules are written against real paths.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'packages/domain imports nothing from the workspace and nothing with I/O (no node:*, no npm package).',
      severity: 'error',
      from: { path: '^packages/domain/src', pathNot: '\\.spec\\.ts$|/test-support/' },
      to: {
        pathNot: '^packages/domain/src',
      },
    },
    {
      name: 'contracts-only-domain',
      comment: 'packages/contracts may import domain (for enums) and npm packages; nothing else of ours.',
      severity: 'error',
      from: { path: '^packages/contracts/src' },
      to: { path: '^(packages|services|infra)/', pathNot: '^packages/(contracts|domain)/' },
    },
    {
      name: 'event-store-knows-no-orders',
      comment:
        'packages/event-store stores typed events for any stream: it never imports domain or contracts.',
      severity: 'error',
      from: { path: '^packages/event-store/src' },
      to: { path: '^packages/(domain|contracts)/' },
    },
    {
      name: 'only-messaging-imports-kafkajs',
      comment: 'kafkajs stays behind packages/messaging so the client can be swapped.',
      severity: 'error',
      from: { pathNot: '^packages/(messaging|testing)/' },
      to: { path: '(^|/)kafkajs(/|$)' },
    },
    {
      name: 'services-never-import-services',
      comment: 'services talk over HTTP and Kafka, never by import.',
      severity: 'error',
      from: { path: '^services/([^/]+)/' },
      to: { path: '^(services|infra)/', pathNot: '^services/$1/' },
    },
    {
      name: 'packages-never-import-services',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^(services|infra)/' },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import that resolves to nothing is a missing dependency in package.json.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|coverage|\\.cache|cache)/' },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
    preserveSymlinks: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
};
