import { describe, expect, it } from 'vitest';
import { escapeHtml, renderConsentPage, renderErrorPage } from './consent-page.js';
import { formSubmission, parseHtmlForms } from './html-form.js';

const page = renderConsentPage({
  platform: 'Example',
  appName: 'My <App> & "Co"',
  action: '/sandbox/example/authorize',
  hidden: { request_id: 'r1', note: `it's <b>` },
  accounts: [
    { value: 'u1', label: 'Alice', detail: 'public' },
    { value: 'u2', label: 'Bob' },
  ],
  scopes: [{ value: 'read', description: 'Read things' }, { value: 'write', checked: false }],
});

describe('renderConsentPage', () => {
  it('escapes every value and renders a form a parser can read back', () => {
    expect(page).toContain('My &lt;App&gt; &amp; &quot;Co&quot;');
    expect(page).not.toContain('<b>');
    const [form] = parseHtmlForms(page);
    expect(form?.method).toBe('post');
    expect(form?.action).toBe('/sandbox/example/authorize');
    expect(form?.inputs.find((input) => input.name === 'note')?.value).toBe(`it's <b>`);
    expect(form?.inputs.filter((input) => input.type === 'radio').map((input) => [input.value, input.checked])).toEqual([
      ['u1', true],
      ['u2', false],
    ]);
    expect(form?.buttons.map((button) => button.value)).toEqual(['approve', 'deny']);
  });

  it('submits what a browser would: hidden fields, the chosen radio, ticked boxes, the pressed button', () => {
    const [form] = parseHtmlForms(page);
    if (form === undefined) throw new Error('no form');
    expect(formSubmission(form, { button: 'approve' }).toString()).toBe(
      'request_id=r1&note=it%27s+%3Cb%3E&account=u1&scope=read&decision=approve',
    );
    const chosen = formSubmission(form, { button: 'deny', radios: { account: 'u2' }, checkboxes: { scope: ['read', 'write'] } });
    expect(chosen.getAll('scope')).toEqual(['read', 'write']);
    expect(chosen.get('account')).toBe('u2');
    expect(chosen.get('decision')).toBe('deny');
    expect(() => formSubmission(form, { button: 'maybe' })).toThrow();
  });
});

describe('renderErrorPage', () => {
  it('lists the details escaped and has no form', () => {
    const html = renderErrorPage({ platform: 'Example', title: 'Bad', message: 'Fix <this>', details: ['redirect_uri'] });
    expect(html).toContain('<code>redirect_uri</code>');
    expect(html).toContain('Fix &lt;this&gt;');
    expect(parseHtmlForms(html)).toEqual([]);
  });

  it('escapes quotes for attributes', () => {
    expect(escapeHtml(`"'&<>`)).toBe('&quot;&#39;&amp;&lt;&gt;');
  });
});
