export * from './errors/verity-error.js';
export * from './posture/posture-report.js';
export * from './rules/index.js';
export * from './compliance/index.js';
export * from './access/index.js';
export * from './identity/device-identity-uri.js';
export * from './gateway/index.js';
