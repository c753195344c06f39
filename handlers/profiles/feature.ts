import type { Services } from '../../bot/context.ts';
import type { Commands } from '../../bot/commands.ts';
import { catalogLookup } from './catalog-lookup.ts';
import { columnsFor } from './columns.ts';
import { profileCommands } from './commands.ts';
import { applyEntry, type Activity } from './reduce.ts';
import { stageRulesFrom } from './rules.ts';
import { takeSnapshot } from './snapshot.ts';

export const SNAPSHOT_JOB = 'profiles-snapshot';

export interface ProfilesFeature {
  /** Called for every member activity the log shows (recall credits comebacks with it). */
  onActivity(listener: (a: Activity) => void): void;
  close(): void;
}

/**
 * Profiles follow the behaviour log as it is written: each entry updates the members it
 * names, so a profile costs a few field writes per event and nothing is ever re-read.
 */
export function profilesFeature(services: Services, commands: Commands): ProfilesFeature {
  const { store, config, scheduler } = services;
  const rules = stageRulesFrom(config);
  const listeners: Array<(a: Activity) => void> = [];
  const tell = (member: string, at: number, ordered: boolean) => {
    for (const l of listeners) l({ member, at, ordered });
  };
  // Profiles loaded from state.json move into the activity columns now, before any handler
  // holds one (columns.ts).
  columnsFor(store.data.profiles);
  const unsubscribe = store.log.subscribe((entry) => {
    applyEntry(store.data.profiles, entry, catalogLookup(store.data.catalog), tell);
    store.changed();
  });

  for (const command of profileCommands(rules)) commands.add(command);
  scheduler.handle(SNAPSHOT_JOB, () => {
    store.data.profiles.snapshot = takeSnapshot(store.data.profiles, services.clock.now(), rules, (id) => services.isOwner({ id, name: '' }));
    store.changed();
  });
  // Monday just after midnight: /分层 compares with how things stood a week ago.
  scheduler.every('profiles:weekly-snapshot', '5 0 * * 1', SNAPSHOT_JOB);

  return { onActivity: (l) => void listeners.push(l), close: unsubscribe };
}
