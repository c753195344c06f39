// The owner's web console: the feature, and what other features may use of it.
export { consoleFeature, type ConsoleOptions } from './feature.ts';
export { consoleBase, CONSOLE_PATH } from './command.ts';
