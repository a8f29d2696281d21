// The Vigo courier API as our copy of its documentation shows it (documented.ts), and the
// shapes it only mentions, assumed in one marked module (undocumented.ts). Shared by the
// Vigo sandbox and services/vigo-connector.
export * from './documented.ts';
export * from './undocumented.ts';
