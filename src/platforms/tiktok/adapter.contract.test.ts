import { runAdapterContract } from '../contract/adapter-contract.js';
import { generatedVideo, servedImage, startTikTokTestbed, videoTarget } from './adapter-test-helpers.js';

runAdapterContract('TikTok', async () => {
  const bed = await startTikTokTestbed();
  const photo = Buffer.alloc(200_000, 7);
  const photoUrl = bed.mediaUrl('photo.jpeg', photo);
  return {
    adapter: bed.adapter,
    clock: bed.clock,
    requestCount: () => bed.requests.length,
    publishInitCount: () => bed.emulator.state.posts().length,
    targets: {
      video: videoTarget(generatedVideo(25_000_000)),
      image: {
        content: 'Sandbox photos',
        media: [servedImage(photoUrl, photo.length), servedImage(photoUrl, photo.length)],
        platformSettings: { privacy_level: 'PUBLIC_TO_EVERYONE', photo_title: 'Two photos' },
      },
    },
    // One second long: under TikTok's 3 s minimum.
    invalidTarget: videoTarget(generatedVideo(1_000_000, { probe: { durationMs: 1000 } })),
    async injectFault(fault) {
      const code = { expired_token: 'access_token_invalid', rate_limit: 'rate_limit_exceeded', server_error: 'internal_error' }[fault];
      bed.emulator.faults.add({ endpoint: 'user.info', kind: 'error', code });
    },
    rotatesRefreshTokens: true,
    settle: () => bed.emulator.idle(),
    close: () => bed.app.close(),
  };
});
