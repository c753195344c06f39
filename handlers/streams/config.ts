import { int, leads } from '../../bot/config-fields.ts';

// Live streams: the previews, the reminder, how long a stream lasts and its 接龙.
// Read by bot/config.ts with every other setting, before any feature is built: the settings
// come from the environment at start-up. Each field's `.describe()` is its line in
// docs/configuration.md. Imports nothing but the kinds of setting, so reading the settings
// loads no feature.

export const streamsConfig = {
  // Live streams: when previews go out before the start, the reservers' reminder, the length.
  STREAM_PREVIEW_LEADS: leads.prefault('24h,2h,10m')
    .describe('When stream previews are posted before the start (`h` hours, `m` minutes; `off` for none)'),
  STREAM_REMINDER_MINUTES: int(1, 24 * 60).default(10)
    .describe('The reminder DM to reservers this long before the start (purpose `requested`: not counted against the DM cap, but held through quiet hours)'),
  STREAM_DURATION_MINUTES: int(5, 24 * 60).default(90)
    .describe('Planned length of a stream when `/直播 新建` gives no `时长`'),
  STREAM_JIELONG_CUTOFF_HOURS: int(1, 14 * 24).default(24)
    .describe('The post-stream 接龙 closes this long after the stream ends'),
  STREAM_MISSED_DM_HOURS: int(0, 14 * 24).default(24)
    .describe("The missed-it DM to reservers who did not order goes this long after the end, but never later than 3 h before the stream's 接龙 closes (half its life for a short one) and not into quiet hours that would hold it past the cut-off; `0` turns it off"),
};
