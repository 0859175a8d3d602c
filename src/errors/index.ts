export * from './issue.js';
export * from './define.js';
export * from './codes.js';
export * from './gateway-error.js';
