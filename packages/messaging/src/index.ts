export { ensureTopics, deleteTopics, type TopicSpec } from './topics.ts';
