import type { Config } from '../../bot/config.ts';
import type { StageRules } from './stage.ts';

/** The stage thresholds from configuration (one place maps env names to the rules). */
export function stageRulesFrom(config: Config): StageRules {
  return {
    newDays: config.PROFILE_NEW_DAYS, silentDays: config.PROFILE_SILENT_DAYS, lapsedDays: config.PROFILE_LAPSED_DAYS,
    loyalOrders: config.PROFILE_LOYAL_ORDERS, kocBuyers: config.PROFILE_KOC_BUYERS, engagedActions: config.PROFILE_ENGAGED_ACTIONS,
    engagedMaxOrders: 1, windowDays: 90,
    recencyDays: config.PROFILE_RFM_RECENCY_DAYS, frequencyOrders: config.PROFILE_RFM_FREQUENCY, monetaryYuan: config.PROFILE_RFM_MONETARY,
  };
}
