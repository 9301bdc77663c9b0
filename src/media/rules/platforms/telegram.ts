import { MB, type PlatformRules } from '../platform-rules.js';

const BOT_API = 'https://core.telegram.org/bots/api';

/** Telegram Bot API (sendMessage, sendPhoto, sendVideo, sendMediaGroup) on the public Bot API server. */
export const telegramRules: PlatformRules = {
  id: 'telegram',
  displayName: 'Telegram',
  video: {
    // Only MPEG-4 video plays inline; other containers arrive as documents.
    containers: ['mp4'],
    maxBytes: 50 * MB,
    source: `${BOT_API} (sendVideo, Sending files)`,
  },
  image: {
    formats: ['jpeg', 'png', 'webp'],
    maxBytes: 10 * MB,
    maxSideSum: 10_000,
    minAspectRatio: 1 / 20,
    maxAspectRatio: 20,
    source: `${BOT_API} (sendPhoto)`,
  },
  media: { maxItems: 10, maxImages: 10, maxVideos: 10, allowMixed: true, source: `${BOT_API} (sendMediaGroup)` },
  captions: {
    caption: { maxLength: 4096, maxLengthWithMedia: 1024, unit: 'utf16', source: `${BOT_API} (sendMessage, sendPhoto)` },
  },
  notes: [
    'Lengths are measured after entity parsing; Outbox counts the raw text, which is never shorter.',
    'Files fetched by URL have lower limits (5 MB photos, 20 MB other files).',
  ],
  sources: ['shared/platforms/telegram.md', BOT_API, 'https://core.telegram.org/bots/faq'],
};
