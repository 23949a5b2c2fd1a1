export * from './decode-graph-text.js';
export * from './graph-import-errors.js';
export * from './graph-kinds.js';
export * from './import-notes.js';
export * from './parse-graph-json.js';
export * from './read-graph-file.js';
export * from './document-diff.js';
