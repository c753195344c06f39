// Newcomers welcomed in the group (batched) and by DM (/欢迎语).
export { welcomeFeature } from './feature.ts';
