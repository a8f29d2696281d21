export {
  startEmbeddedPostgres,
  type EmbeddedPostgresHandle,
  type EmbeddedPostgresOptions,
} from './embedded.ts';
export { waitForPostgres, ensureDatabase, databaseUrlFor, quoteIdent, redactUrl } from './connect.ts';
