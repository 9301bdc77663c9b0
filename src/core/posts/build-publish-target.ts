import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import type { MediaProbe } from '../../media/probe/index.js';
import type { PublishMedia, PublishTarget } from '../../platforms/adapter.js';
import type { PostRow, TargetRow } from '../../store/posts-queries.js';
import { findUpload } from '../../store/uploads-queries.js';
import { publicMediaUrl } from '../media/public-media-url.js';
import type { PlatformDefaults, StoredMediaItem } from './post-input.js';

/** The media of a target: its own when it has some, else the post's. */
export function targetMedia(post: PostRow, target: TargetRow): StoredMediaItem[] {
  return target.custom_media === null ? (JSON.parse(post.media_items) as StoredMediaItem[]) : (JSON.parse(target.custom_media) as StoredMediaItem[]);
}

/**
 * What an adapter needs to publish a target: its text (customContent over content), its media with a way to read
 * their bytes in ranges (and a public URL when OUTBOX_PUBLIC_URL is set), and its settings converted from the API's
 * names, the post's root settings (tiktokSettings) under the target's own. A missing upload fails with
 * MEDIA_UPLOAD_NOT_FOUND, which the scheduler records on the target.
 */
export async function buildPublishTarget(ctx: AppContext, post: PostRow, target: TargetRow): Promise<PublishTarget> {
  const media: PublishMedia[] = [];
  for (const item of targetMedia(post, target)) {
    const row = await findUpload(ctx.db, item.uploadId);
    if (!row || row.status !== 'stored' || row.probe === null) {
      throw new AppError('MEDIA_UPLOAD_NOT_FOUND', `The upload ${item.uploadId} of this post is gone; it cannot be published.`);
    }
    const probe = JSON.parse(row.probe) as MediaProbe;
    media.push({
      probe,
      sizeBytes: row.size_bytes ?? 0,
      contentType: probe.mimeType ?? row.content_type,
      openRange: (start, end) => ctx.media.read(row.key, { start, end }),
      publicUrl: ctx.config.publicUrl === undefined ? undefined : publicMediaUrl(ctx, row, ctx.config.publicUrl),
    });
  }
  const defaults = (JSON.parse(post.platform_defaults) as PlatformDefaults)[target.platform] ?? {};
  const data = { ...defaults, ...(JSON.parse(target.platform_data) as Record<string, unknown>) };
  const adapter = ctx.platforms.get(target.platform);
  const settings = adapter?.settingsFromApi?.(data, 'platformSpecificData').settings ?? data;
  return { content: target.custom_content ?? post.content, media, platformSettings: settings };
}
