export * from './weather';
export * from './memory';
export * from './console-tools';
export * from './live-console-tools';
