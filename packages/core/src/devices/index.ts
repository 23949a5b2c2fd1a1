export * from './hardware-identity.js';
