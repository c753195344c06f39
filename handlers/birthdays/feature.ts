import type { Feature } from '../../bot/feature.ts';
import { birthdayCommand } from './command.ts';
import { birthdayJob, birthdayMissed } from './greet.ts';
import { residentHandler } from './resident.ts';
import { BIRTHDAY_CRON_ID, BIRTHDAY_JOB, birthdaysSlice } from './state.ts';

/**
 * Members' birthdays: /生日 for the owner (and a member's own), plain words from members
 * (我的生日是3月15日), and a daily job at BIRTHDAY_HOUR in shop time that sends the day's wishes.
 */
export function birthdaysFeature(): Feature {
  return {
    name: 'birthdays',
    slices: [birthdaysSlice],
    install(kit) {
      const { services } = kit;
      kit.command(birthdayCommand());
      kit.keyword({ text: '我的生日是3月15日', summary: '告诉我你的生日，那天私信给你送祝福' });
      kit.job(BIRTHDAY_JOB, birthdayJob(services));
      kit.every(BIRTHDAY_CRON_ID, `0 ${services.config.BIRTHDAY_HOUR} * * *`, BIRTHDAY_JOB);
      kit.onMissed(birthdayMissed(services));
      return { handler: residentHandler(services) };
    },
  };
}
