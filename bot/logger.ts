import { pino, type Logger } from 'pino';

export type { Logger };

// Tokens and phone numbers must never reach a log line, whoever logs the object.
const REDACT = [
  '*.token', '*.TOKEN', '*.secret', '*.apiKey', '*.phone', 'token', 'secret', 'apiKey', 'phone',
  'config.WECHATY_PUPPET_SERVICE_TOKEN', 'config.OPENAI_API_KEY',
  'config.WECOM_TOKEN', 'config.WECOM_ENCODING_AES_KEY', 'config.WECOM_SECRET', 'config.WECOM_BOT_TOKEN',
  'config.WECOM_BOT_AES_KEY', 'config.WECOM_GROUP_WEBHOOK_KEYS', 'config.ALERT_WEBHOOK_URL', '*.access_token', 'access_token',
];

export function createLogger(level: string = 'info', destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: undefined }, destination);
}

/** A logger that drops everything: for tests and tools whose stdout is data. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
