/**
 * Relations between pipelines and the Kafka topics they read and write; with them the catalog
 * graph shows producer -> topic -> pipeline -> topic.
 *
 * @public
 */
export const RELATION_READS_FROM = 'readsFrom';
/** @public */
export const RELATION_READ_BY = 'readBy';
/** @public */
export const RELATION_WRITES_TO = 'writesTo';
/** @public */
export const RELATION_WRITTEN_BY = 'writtenBy';
