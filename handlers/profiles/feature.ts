import type { Feature } from '../../bot/feature.ts';
import { profilesSlice } from './slice.ts';
import { catalogLookup } from './catalog-lookup.ts';
import { columnsFor } from './columns.ts';
import { profileCommands, type CardMore } from './commands.ts';
import { foldCutoff, foldProfiles } from './past.ts';
import { applyEntry, type Activity } from './reduce.ts';
import { stageRulesFrom } from './rules.ts';
import { takeSnapshot } from './snapshot.ts';

export const SNAPSHOT_JOB = 'profiles-snapshot';
export const FOLD_JOB = 'profiles-fold';

/** What other features may ask of profiles (recall hears of activity through it). */
export interface ProfilesApi {
  /** Called for every member activity the log shows (recall credits comebacks with it). */
  onActivity(listener: (a: Activity) => void): void;
}

/**
 * Member profiles. They follow the behaviour log as it is written: each entry updates the
 * members it names, so a profile costs a few field writes per event and nothing is ever re-read.
 */
export function profilesFeature(options: { cardMore?: CardMore } = {}): Feature & ProfilesApi {
  const listeners: Array<(a: Activity) => void> = [];
  return {
    name: 'profiles',
    slices: [profilesSlice],
    onActivity: (listener) => void listeners.push(listener),
    install(kit) {
      const { services } = kit;
      const { store, config } = services;
      const rules = stageRulesFrom(config);
      const tell = (member: string, at: number, ordered: boolean) => {
        for (const l of listeners) l({ member, at, ordered });
      };
      // Profiles loaded from state.json move into the activity columns now, before any handler
      // holds one (columns.ts).
      columnsFor(store.data.profiles);
      kit.follow((entry) => {
        applyEntry(store.data.profiles, entry, catalogLookup(store.data.catalog), tell);
        store.changed();
      });

      for (const command of profileCommands(rules, options.cardMore)) kit.command(command);
      kit.job(SNAPSHOT_JOB, () => {
        store.data.profiles.snapshot = takeSnapshot(store.data.profiles, services.clock.now(), rules, (id) => services.isOwner({ id, name: '' }));
        store.changed();
      });
      // Monday just after midnight: /分层 compares with how things stood a week ago.
      kit.every('profiles:weekly-snapshot', '5 0 * * 1', SNAPSHOT_JOB);
      // Every night, and at start-up (for a bot not running at night), orders older than the
      // horizon (and of closed 接龙) fold into each profile's aggregate (past.ts), so a profile
      // holds a few months of orders however old the shop is. One pass over the members, touching
      // only the orders it folds and the first one it keeps.
      const fold = () => {
        // Records leave state.json for the archive only once closed (jielong/archive.ts).
        const jielong = store.data.jielong as Partial<typeof store.data.jielong> | undefined;
        const folded = foldProfiles(store.data.profiles, foldCutoff(services.clock.now(), rules), (id) => jielong?.[id]?.status === 'open');
        if (folded > 0) store.changed();
      };
      fold();
      kit.job(FOLD_JOB, fold);
      kit.every('profiles:daily-fold', '20 3 * * *', FOLD_JOB);
    },
  };
}
