export * from './authentication-methods.js';
export * from './pin-policy.js';
export * from './password-policy.js';
export * from './sign-in-throttle.js';
