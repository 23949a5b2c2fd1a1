export * from './errors/verity-error.js';
export * from './posture/posture-report.js';
export * from './rules/index.js';
export * from './compliance/index.js';
export * from './access/index.js';
export * from './graph-import/index.js';
export * from './devices/index.js';
export * from './posture/describe-fact.js';
