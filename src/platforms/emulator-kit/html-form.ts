/** One `<input>` of a parsed form. */
export interface HtmlFormInput {
  type: string;
  name: string;
  value: string;
  checked: boolean;
}

/** One `<button>` of a parsed form. */
export interface HtmlFormButton {
  name: string;
  value: string;
  label: string;
}

/** A `<form>` read out of an HTML page. */
export interface HtmlForm {
  method: string;
  /** The raw `action` attribute ("" when absent). */
  action: string;
  inputs: HtmlFormInput[];
  buttons: HtmlFormButton[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_match, name: string) => ENTITIES[name] ?? '');
}

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  const pattern = /([a-zA-Z_:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
  for (const match of tag.matchAll(pattern)) {
    const name = match[1];
    if (name === undefined) continue;
    found.set(name.toLowerCase(), decodeEntities(match[2] ?? match[3] ?? match[4] ?? ''));
  }
  return found;
}

/**
 * Reads the forms of an emulator's HTML page (consent pages rendered by `renderConsentPage`) without a DOM, so
 * tests and scripts can find the fields, tick or untick them, and submit the page the way a browser would.
 */
export function parseHtmlForms(html: string): HtmlForm[] {
  const forms: HtmlForm[] = [];
  for (const formMatch of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const formAttributes = attributes(formMatch[1] ?? '');
    const content = formMatch[2] ?? '';
    const inputs: HtmlFormInput[] = [];
    for (const inputMatch of content.matchAll(/<input\b([^>]*)>/gi)) {
      const attrs = attributes(inputMatch[1] ?? '');
      inputs.push({
        type: (attrs.get('type') ?? 'text').toLowerCase(),
        name: attrs.get('name') ?? '',
        value: attrs.get('value') ?? '',
        checked: attrs.has('checked'),
      });
    }
    const buttons: HtmlFormButton[] = [];
    for (const buttonMatch of content.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)) {
      const attrs = attributes(buttonMatch[1] ?? '');
      buttons.push({
        name: attrs.get('name') ?? '',
        value: attrs.get('value') ?? '',
        label: decodeEntities((buttonMatch[2] ?? '').trim()),
      });
    }
    forms.push({
      method: (formAttributes.get('method') ?? 'get').toLowerCase(),
      action: formAttributes.get('action') ?? '',
      inputs,
      buttons,
    });
  }
  return forms;
}

/** Overrides applied by {@link formSubmission}: which radio to pick, which checkboxes to leave ticked. */
export interface FormChoices {
  /** Radio group name → value to select (Default: the preselected one). */
  radios?: Record<string, string>;
  /** Checkbox group name → values to tick (Default: the preticked ones). */
  checkboxes?: Record<string, string[]>;
  /** The submit button pressed, by its value. */
  button: string;
}

/** Builds the `application/x-www-form-urlencoded` body a browser would post for `form` with `choices`. */
export function formSubmission(form: HtmlForm, choices: FormChoices): URLSearchParams {
  const body = new URLSearchParams();
  for (const input of form.inputs) {
    if (input.type === 'radio') {
      const chosen = choices.radios?.[input.name];
      if (chosen === undefined ? input.checked : chosen === input.value) body.append(input.name, input.value);
    } else if (input.type === 'checkbox') {
      const ticked = choices.checkboxes?.[input.name];
      if (ticked === undefined ? input.checked : ticked.includes(input.value)) body.append(input.name, input.value);
    } else if (input.type !== 'submit' && input.type !== 'button') {
      body.append(input.name, input.value);
    }
  }
  const button = form.buttons.find((candidate) => candidate.value === choices.button);
  if (button === undefined) throw new Error(`form has no button with value "${choices.button}"`);
  body.append(button.name, button.value);
  return body;
}
