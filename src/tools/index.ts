export * from './weather';
export * from './memory';
