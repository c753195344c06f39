// Members' birthdays (/生日, 我的生日是…) and a warm DM on the day.
export { birthdaysFeature } from './feature.ts';
