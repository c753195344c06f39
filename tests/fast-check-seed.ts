import fc from 'fast-check';

// Property tests explore fresh random cases on every local run, which is how they find bugs.
// CI must be reproducible, so it runs one fixed seed (a failure there can be replayed exactly);
// FC_SEED overrides both, to replay a counterexample fast-check printed.
const fromEnv = process.env.FC_SEED;
const seed = fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : process.env.CI ? 20261122 : undefined;
if (seed !== undefined && Number.isFinite(seed)) fc.configureGlobal({ seed });
