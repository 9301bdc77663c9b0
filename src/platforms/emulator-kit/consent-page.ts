/** One account the person may authorise, shown as a radio button. */
export interface ConsentAccount {
  /** Submitted value (the platform's account id). */
  value: string;
  /** Visible name. */
  label: string;
  /** Secondary text such as "private account". */
  detail?: string;
}

/** One permission requested by the app, shown as a checkbox the person may untick. */
export interface ConsentScope {
  /** Submitted value (the platform's scope name). */
  value: string;
  /** What the permission allows, in words. */
  description?: string;
  /** Whether the box starts ticked (Default: true). */
  checked?: boolean;
}

/** What {@link renderConsentPage} shows. */
export interface ConsentPageOptions {
  /** Platform name in the heading, e.g. "TikTok". */
  platform: string;
  /** Name of the app asking for access. */
  appName: string;
  /** Where the form posts (an absolute path or URL). */
  action: string;
  /** Hidden fields posted back unchanged (a pending-request id, say). */
  hidden: Record<string, string>;
  /** Accounts to choose from; the first is preselected. */
  accounts: ConsentAccount[];
  /** Form field carrying the chosen account (Default: "account"). */
  accountField?: string;
  /** Requested permissions. */
  scopes: ConsentScope[];
  /** Form field carrying each ticked permission, repeated per box (Default: "scope"). */
  scopeField?: string;
}

/** What {@link renderErrorPage} shows. */
export interface ErrorPageOptions {
  platform: string;
  title: string;
  message: string;
  /** Offending parameters or other specifics, one per line. */
  details?: string[];
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for use in HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

function page(title: string, body: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}',
    'fieldset{margin:1rem 0}label{display:block;margin:.3rem 0}small{color:#555}',
    'button{margin-right:.5rem;padding:.4rem 1rem}</style>',
    '</head>',
    `<body>${body}</body>`,
    '</html>',
  ].join('\n');
}

/**
 * Renders the consent page of an emulated OAuth authorize endpoint: the app's name, the accounts to pick from, the
 * requested permissions as checkboxes, and two submit buttons posting `decision=approve` or `decision=deny`. The
 * markup is plain HTML so a browser, a test parsing the form, or a headless script can all drive it.
 */
export function renderConsentPage(options: ConsentPageOptions): string {
  const accountField = options.accountField ?? 'account';
  const scopeField = options.scopeField ?? 'scope';
  const hidden = Object.entries(options.hidden)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  const accounts = options.accounts
    .map((account, index) => {
      const detail = account.detail === undefined ? '' : ` <small>${escapeHtml(account.detail)}</small>`;
      const checked = index === 0 ? ' checked' : '';
      return `<label><input type="radio" name="${escapeHtml(accountField)}" value="${escapeHtml(account.value)}"${checked}> ${escapeHtml(account.label)}${detail}</label>`;
    })
    .join('\n');
  const scopes = options.scopes
    .map((scope) => {
      const checked = scope.checked === false ? '' : ' checked';
      const description = scope.description === undefined ? '' : ` <small>${escapeHtml(scope.description)}</small>`;
      return `<label><input type="checkbox" name="${escapeHtml(scopeField)}" value="${escapeHtml(scope.value)}"${checked}> ${escapeHtml(scope.value)}${description}</label>`;
    })
    .join('\n');
  const title = `${options.platform}: authorize ${options.appName}`;
  const body = [
    `<h1>${escapeHtml(options.appName)} wants to access your ${escapeHtml(options.platform)} account</h1>`,
    `<form method="post" action="${escapeHtml(options.action)}">`,
    hidden,
    `<fieldset><legend>Account</legend>\n${accounts}\n</fieldset>`,
    `<fieldset><legend>Permissions</legend>\n${scopes}\n</fieldset>`,
    '<button type="submit" name="decision" value="approve">Authorize</button>',
    '<button type="submit" name="decision" value="deny">Cancel</button>',
    '</form>',
  ].join('\n');
  return page(title, body);
}

/** Renders the page an authorize endpoint shows when the request itself is wrong and cannot be redirected back. */
export function renderErrorPage(options: ErrorPageOptions): string {
  const details = (options.details ?? []).map((detail) => `<li><code>${escapeHtml(detail)}</code></li>`).join('\n');
  const body = [
    `<h1>${escapeHtml(options.title)}</h1>`,
    `<p>${escapeHtml(options.message)}</p>`,
    details === '' ? '' : `<ul>\n${details}\n</ul>`,
  ].join('\n');
  return page(`${options.platform}: ${options.title}`, body);
}
