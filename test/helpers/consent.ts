import { formSubmission, parseHtmlForms } from '../../src/platforms/emulator-kit/html-form.js';

/** Options for driving a sandbox consent page as a user would. */
export interface ConsentOptions {
  decision?: 'approve' | 'deny';
  /** Which seeded creator to log in as (Default: the page's first). */
  creator?: string;
  /** Scopes left ticked (Default: all). */
  keepScopes?: string[];
}

/**
 * Opens a platform consent URL, submits its form like a browser, and returns where the platform redirects the
 * browser next (Outbox's callback URL with code and state). Redirects are not followed, so each hop is visible.
 */
export async function submitConsent(authUrl: string, options: ConsentOptions = {}): Promise<string> {
  const page = await fetch(authUrl);
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${await page.text()}`);
  const form = parseHtmlForms(await page.text())[0];
  if (!form) throw new Error('consent page has no form');
  const choices: Parameters<typeof formSubmission>[1] = { button: options.decision ?? 'approve' };
  if (options.creator) choices.radios = { creator: options.creator };
  if (options.keepScopes) choices.checkboxes = { scope: options.keepScopes };
  const submitted = await fetch(new URL(form.action, authUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: formSubmission(form, choices).toString(),
    redirect: 'manual',
  });
  const location = submitted.headers.get('location');
  if (submitted.status !== 302 || !location) throw new Error(`consent answered ${submitted.status}: ${await submitted.text()}`);
  return location;
}

/** Follows one redirect hop without following the next; returns the Location header. */
export async function nextHop(url: string): Promise<{ status: number; location: string | null; body: string }> {
  const res = await fetch(url, { redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), body: await res.text() };
}
