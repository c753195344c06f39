// Member profiles: the feature, and what other features may use of it.
export { profilesFeature, type ProfilesApi } from './feature.ts';
export { dateText } from './card.ts';
export { catalogLookup } from './catalog-lookup.ts';
export { hasOptedOut, OPT_OUT_LINE } from './opt-out.ts';
export type { Activity } from './reduce.ts';
export { stageRulesFrom } from './rules.ts';
export { boughtCounts, earlyStage, favouriteCategories, seenDoingNothing, spendOf, top, type StageRules } from './stage.ts';
export type { Profile, ProfilesState, Stage } from './types.ts';
export { latestOrder, orderCount } from './past.ts';
export { activeAgo, profileCard } from './card.ts';
export { stageOf, tagsOf } from './stage.ts';
export { STAGES } from './types.ts';
// For the shop's metrics (handlers/console/metrics): the reducer driven over the log, and one rule for refunds.
export { applyEntry, type CatalogLookup } from './reduce.ts';
export { amountAfter } from './entry-fields.ts';
export { defaultStageRules } from './stage.ts';
export { emptyProfiles } from './types.ts';
