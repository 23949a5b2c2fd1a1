export * from './gateway-snapshot.js';
export * from './gateway-sign-ins.js';
