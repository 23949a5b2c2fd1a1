export * from './errors/verity-error.js';
export * from './posture/posture-report.js';
