export * from './seed.ts';
export { catchUp } from './catch-up.ts';
export { readModelsTemplate } from './template.ts';
export { expectedListRow, expectedBalances, expectedReportDaily } from './expected.ts';
