/**
 * The declaration page. Everything on the form comes from `@healthtrace/declaration`: the field order, widgets,
 * options and conditional visibility from `FORMS`, the labels and messages from the `vi`/`en` locales, and the
 * validation from the schemas (`safeParseDeclaration`). A venue QR opens the page with the venue in the URL
 * fragment (never sent to the web server); a QR photo can be uploaded instead. Submissions go through the
 * client's offline queue (localStorage), so a declaration made without network is delivered, once, on reconnect.
 */
import { createClient, type DeclarationSubmission, webStorage } from '@healthtrace/client';
import {
  DECLARATION_NAMES,
  type DeclarationIssue,
  type DeclarationLocale,
  type DeclarationName,
  declarationSchemas,
  type FieldMeta,
  FORMS,
  fieldLabel,
  safeParseDeclaration,
} from '@healthtrace/declaration';
import { en } from '@healthtrace/declaration/locales/en';
import { vi } from '@healthtrace/declaration/locales/vi';
import { parseHealthtraceQr, venueFields } from '@healthtrace/qr';
import jsQR from 'jsqr';

type Lang = 'vi' | 'en';
type Values = Record<string, unknown>;

const LOCALES: Record<Lang, DeclarationLocale> = { vi, en };
/** The few words of the page itself (everything about the form comes from the locale). */
const UI = {
  vi: {
    heading: 'Khai báo y tế',
    form: 'Loại tờ khai',
    language: 'Ngôn ngữ',
    submit: 'Gửi tờ khai',
    add: 'Thêm',
    remove: 'Xoá',
    upload: 'Quét mã QR từ ảnh',
    venue: 'Địa điểm',
    noQr: 'Không tìm thấy mã QR địa điểm hợp lệ trong ảnh.',
    errors: 'Vui lòng sửa các lỗi sau:',
    delivered: 'Đã gửi tờ khai. Cảm ơn bạn!',
    queued: 'Không có mạng: tờ khai đã được lưu và sẽ tự động gửi khi có mạng.',
    flushed: (n: number) => `Đã gửi ${n} tờ khai đã lưu.`,
    rejected: 'Máy chủ từ chối tờ khai.',
    pending: (n: number) => `Đang chờ gửi: ${n}`,
  },
  en: {
    heading: 'Health declaration',
    form: 'Declaration',
    language: 'Language',
    submit: 'Submit',
    add: 'Add',
    remove: 'Remove',
    upload: 'Scan a QR code from a photo',
    venue: 'Venue',
    noQr: 'No valid venue QR code was found in the picture.',
    errors: 'Please correct the following:',
    delivered: 'Declaration sent. Thank you!',
    queued: 'No network: the declaration is saved and will be sent automatically when you are back online.',
    flushed: (n: number) => `${n} saved declaration(s) sent.`,
    rejected: 'The server refused the declaration.',
    pending: (n: number) => `Waiting to be sent: ${n}`,
  },
} as const;

const client = createClient({
  baseUrl: location.origin,
  storage: webStorage('healthtrace:web-declaration:queue'),
  retry: { retries: 1 },
});

const state: {
  lang: Lang;
  kind: DeclarationName;
  values: Values;
  issues: DeclarationIssue[];
  status: string;
  venue?: { name: string; venueId: string; address?: string | undefined };
} = {
  lang: new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'vi',
  kind: 'daily',
  values: initialValues('daily'),
  issues: [],
  status: '',
};

function initialValues(kind: DeclarationName): Values {
  const today = new Date();
  const date = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  const values: Values = {};
  for (const group of FORMS[kind].groups)
    for (const f of group.fields) if (f.widget === 'date' && (f.path === 'date' || f.path === 'declarationDate')) values[f.path] = date;
  return values;
}

/** ISO 8601 with the browser's UTC offset (what the check-in schema asks for). */
function isoWithOffset(d: Date): string {
  const off = -d.getTimezoneOffset();
  const pad = (n: number): string => String(Math.floor(Math.abs(n))).padStart(2, '0');
  const local = new Date(d.getTime() + off * 60_000).toISOString().slice(0, 19);
  return `${local}${off >= 0 ? '+' : '-'}${pad(off / 60)}:${pad(off % 60)}`;
}

/** Prefills the check-in form from a healthtrace venue QR text. Returns false when it is not one. */
function openVenueQr(text: string): boolean {
  try {
    const parsed = parseHealthtraceQr(text);
    if (parsed.kind !== 'venue') return false;
    const fields = venueFields(parsed.venue);
    state.venue = { name: String(fields.name), venueId: String(fields.venueId), address: fields.address as string | undefined };
    state.kind = 'checkin';
    state.values = { venueId: state.venue.venueId, qrText: text, scannedAt: isoWithOffset(new Date()), direction: 'in' };
    state.issues = [];
    return true;
  } catch {
    return false;
  }
}

// --- reading and writing nested values by dotted path (`travel.0.kind`) ---
function getAt(values: Values, path: string): unknown {
  let v: unknown = values;
  for (const k of path.split('.')) v = v === undefined || v === null ? undefined : (v as Record<string, unknown>)[k];
  return v;
}
function setAt(values: Values, path: string, value: unknown): void {
  const keys = path.split('.');
  let o = values as Record<string, unknown>;
  keys.slice(0, -1).forEach((k, i) => {
    if (typeof o[k] !== 'object' || o[k] === null) o[k] = /^\d+$/.test(keys[i + 1]!) ? [] : {};
    o = o[k] as Record<string, unknown>;
  });
  const last = keys[keys.length - 1]!;
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) delete o[last];
  else o[last] = value;
}
/** Drops empty objects and list holes so that absent optional groups are absent, not `{}`. */
function compact(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(compact);
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const c = compact(x);
    if (c !== undefined && !(typeof c === 'object' && c !== null && !Array.isArray(c) && Object.keys(c).length === 0)) out[k] = c;
  }
  return out;
}

// --- rendering ---
const h = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] => {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== false) el.setAttribute(k, v === true ? '' : v);
  el.append(...children);
  return el;
};
const idOf = (path: string): string => `f-${path.replace(/[^A-Za-z0-9]/g, '-')}`;
const labelPath = (path: string): string[] => path.split('.').filter((k) => !/^\d+$/.test(k));

function issueFor(path: string): DeclarationIssue | undefined {
  return state.issues.find((i) => i.path.join('.') === path);
}

function visible(field: FieldMeta, scope: string): boolean {
  const w = field.visibleWhen;
  if (!w) return true;
  const v = getAt(state.values, scope + w.path);
  if (w.equals !== undefined) return v === w.equals;
  if (w.includes !== undefined) return Array.isArray(v) && v.includes(w.includes);
  return v !== undefined;
}

/** A labelled control with its error message wired through aria-describedby. */
function control(field: FieldMeta, path: string, input: HTMLElement, label: string): HTMLElement {
  const issue = issueFor(path);
  const errorId = `${idOf(path)}-error`;
  if (issue) {
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', errorId);
  }
  if (field.required) input.setAttribute('aria-required', 'true');
  return h(
    'div',
    { class: 'field' },
    h('label', { for: input.id }, label, field.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : ''),
    input,
    issue ? h('p', { id: errorId, class: 'error' }, issue.message) : '',
  );
}

/** A fieldset of choices (radio, checkboxes, yes/no) with its legend and error. */
function choices(
  field: FieldMeta,
  path: string,
  legend: string,
  items: { value: string; label: string }[],
  multiple: boolean,
): HTMLElement {
  const issue = issueFor(path);
  const errorId = `${idOf(path)}-error`;
  const current = getAt(state.values, path);
  const fs = h('fieldset', {
    id: idOf(path),
    class: 'choices',
    'aria-describedby': issue ? errorId : undefined,
    'aria-invalid': issue ? 'true' : undefined,
  });
  fs.append(h('legend', {}, legend, field.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : ''));
  for (const item of items) {
    const id = `${idOf(path)}-${item.value}`;
    const checked = multiple ? Array.isArray(current) && current.includes(item.value) : String(current) === item.value;
    const input = h('input', { type: multiple ? 'checkbox' : 'radio', id, name: path, value: item.value, checked });
    input.addEventListener('change', () => {
      if (multiple) {
        const all = [...fs.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value);
        setAt(state.values, path, all);
      } else setAt(state.values, path, field.widget === 'yes-no' ? item.value === 'true' : item.value);
      render();
    });
    fs.append(h('span', { class: 'choice' }, input, h('label', { for: id }, item.label)));
  }
  if (issue) fs.append(h('p', { id: errorId, class: 'error' }, issue.message));
  return fs;
}

function renderField(field: FieldMeta, scope: string, locale: DeclarationLocale): HTMLElement | undefined {
  if (!visible(field, scope)) return undefined;
  const path = scope + field.path;
  const label = fieldLabel(locale, labelPath(path), state.kind);
  const optionLabel = (set: string, v: string): string => locale.options[`${set}.${v}`] ?? v;
  const value = getAt(state.values, path);
  switch (field.widget) {
    case 'radio':
    case 'multi-select': {
      const { set, values } = field.options!;
      return choices(
        field,
        path,
        label,
        values.map((v) => ({ value: v, label: optionLabel(set, v) })),
        field.widget === 'multi-select',
      );
    }
    case 'yes-no':
      return choices(
        field,
        path,
        label,
        ['true', 'false'].map((v) => ({ value: v, label: optionLabel('yesNo', v) })),
        false,
      );
    case 'group':
    case 'yes-no-group': {
      const fs = h('fieldset', { class: 'group' }, h('legend', {}, label));
      for (const child of field.children ?? []) {
        const el = renderField(child, `${path}.`, locale);
        if (el) fs.append(el);
      }
      return fs;
    }
    case 'list': {
      const items = Array.isArray(value) ? value : [];
      const fs = h('fieldset', { class: 'list' }, h('legend', {}, label));
      items.forEach((_, i) => {
        const item = h('div', { class: 'item' });
        for (const child of field.item ?? []) {
          const el = renderField(child, `${path}.${i}.`, locale);
          if (el) item.append(el);
        }
        const remove = h('button', { type: 'button' }, `${UI[state.lang].remove} ${i + 1}`);
        remove.addEventListener('click', () => {
          items.splice(i, 1);
          setAt(state.values, path, items);
          render();
        });
        item.append(remove);
        fs.append(item);
      });
      if (items.length < (field.max ?? 50)) {
        const add = h('button', { type: 'button' }, `${UI[state.lang].add}: ${label}`);
        add.addEventListener('click', () => {
          setAt(state.values, path, [...items, {}]);
          render();
        });
        fs.append(add);
      }
      const issue = issueFor(path);
      if (issue) fs.append(h('p', { class: 'error', role: 'alert' }, issue.message));
      return fs;
    }
    case 'select': {
      const { set, values } = field.options!;
      const select = h('select', { id: idOf(path), name: path }, h('option', { value: '' }, '—'));
      for (const v of values) select.append(h('option', { value: v, selected: value === v }, optionLabel(set, v)));
      select.addEventListener('change', () => {
        setAt(state.values, path, select.value);
        render();
      });
      return control(field, path, select, label);
    }
    case 'textarea':
    case 'country-list':
    case 'text-list': {
      const list = field.widget !== 'textarea';
      const ta = h('textarea', { id: idOf(path), name: path, rows: '2', maxlength: !list && field.max ? String(field.max) : undefined });
      ta.value = list && Array.isArray(value) ? value.join(', ') : String(value ?? '');
      ta.addEventListener('input', () => {
        const v = ta.value;
        setAt(
          state.values,
          path,
          list
            ? v
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean)
            : v,
        );
      });
      return control(field, path, ta, label);
    }
    case 'file': {
      const input = h('input', { type: 'file', id: idOf(path), name: path });
      input.addEventListener('change', async () => {
        const file = input.files?.[0];
        if (!file) return setAt(state.values, path, undefined);
        const bytes = new Uint8Array(await file.arrayBuffer());
        let bin = '';
        for (const b of bytes) bin += String.fromCharCode(b);
        setAt(state.values, path, btoa(bin));
      });
      return control(field, path, input, label);
    }
    default: {
      const types: Partial<Record<FieldMeta['widget'], string>> = { date: 'date', year: 'number', phone: 'tel', email: 'email' };
      const input = h('input', {
        id: idOf(path),
        name: path,
        type: types[field.widget] ?? 'text',
        maxlength: field.max ? String(field.max) : undefined,
        inputmode: ['province', 'district', 'ward', 'year'].includes(field.widget) ? 'numeric' : undefined,
        autocomplete: field.widget === 'phone' ? 'tel' : field.widget === 'email' ? 'email' : undefined,
      });
      input.value = value === undefined ? '' : String(value);
      input.addEventListener('input', () => {
        const v = input.value.trim();
        setAt(state.values, path, field.widget === 'year' && v !== '' ? Number(v) : v);
      });
      return control(field, path, input, label);
    }
  }
}

function render(): void {
  const ui = UI[state.lang];
  const locale = LOCALES[state.lang];
  const form = FORMS[state.kind];
  document.documentElement.lang = state.lang;
  document.title = `${ui.heading} — ${locale.titles[state.kind] ?? state.kind}`;
  const app = document.getElementById('app')!;
  const focused = document.activeElement?.id;

  const langs = h('div', { class: 'langs', role: 'group', 'aria-label': ui.language });
  for (const [lang, name] of [
    ['vi', 'Tiếng Việt'],
    ['en', 'English'],
  ] as const) {
    const b = h('button', { type: 'button', 'aria-pressed': String(state.lang === lang), lang, id: `lang-${lang}` }, name);
    b.addEventListener('click', () => {
      state.lang = lang;
      if (state.issues.length) validate();
      render();
    });
    langs.append(b);
  }

  const kind = h('select', { id: 'kind' });
  for (const name of DECLARATION_NAMES)
    kind.append(h('option', { value: name, selected: name === state.kind }, locale.titles[name] ?? name));
  kind.addEventListener('change', () => {
    state.kind = kind.value as DeclarationName;
    state.values = initialValues(state.kind);
    state.issues = [];
    render();
  });

  const upload = h('input', { type: 'file', id: 'qr-image', accept: 'image/*' });
  upload.addEventListener('change', () => void scanImage(upload));

  const el = h('form', { id: 'declaration', novalidate: true, 'aria-labelledby': 'form-title' });
  el.append(h('h2', { id: 'form-title' }, locale.titles[state.kind] ?? state.kind));
  const notice = locale.notices[state.kind];
  if (notice) el.append(h('p', { class: 'notice' }, notice));
  if (state.issues.length) {
    const summary = h('div', { class: 'summary', role: 'alert', tabindex: '-1', id: 'error-summary' }, h('p', {}, ui.errors));
    const ul = h('ul');
    for (const i of state.issues) ul.append(h('li', {}, i.message));
    summary.append(ul);
    el.append(summary);
  }
  for (const group of form.groups) {
    const fs = h('fieldset', { class: 'form-group' }, h('legend', {}, locale.groups[group.id] ?? group.id));
    for (const field of group.fields) {
      const f = renderField(field, '', locale);
      if (f) fs.append(f);
    }
    el.append(fs);
  }
  el.append(h('button', { type: 'submit', id: 'submit' }, ui.submit));
  el.addEventListener('submit', (e) => {
    e.preventDefault();
    void submit();
  });

  app.replaceChildren(
    h('header', {}, h('h1', {}, ui.heading), langs),
    h(
      'section',
      { class: 'tools' },
      h('div', { class: 'field' }, h('label', { for: 'kind' }, ui.form), kind),
      h('div', { class: 'field' }, h('label', { for: 'qr-image' }, ui.upload), upload),
    ),
    state.venue
      ? h(
          'section',
          { class: 'venue', id: 'venue', 'aria-label': ui.venue },
          h('strong', {}, `${ui.venue}: ${state.venue.name}`),
          state.venue.address ? h('span', {}, ` — ${state.venue.address}`) : '',
        )
      : '',
    el,
    h('p', { id: 'status', role: 'status', 'aria-live': 'polite' }, state.status),
  );
  if (focused) document.getElementById(focused)?.focus();
}

function validate(): boolean {
  const data = compact(state.values);
  // The union of the six schemas is widened to the common parsed type (the page does not need it typed).
  const schema = declarationSchemas[state.kind] as Parameters<typeof safeParseDeclaration<unknown>>[0];
  const result = safeParseDeclaration(schema, data, { locale: LOCALES[state.lang], form: state.kind });
  state.issues = result.success ? [] : result.issues;
  return result.success;
}

async function refreshPending(): Promise<number> {
  const n = (await client.queue.pending()).length;
  document.body.dataset.pending = String(n);
  return n;
}

async function submit(): Promise<void> {
  const ui = UI[state.lang];
  if (!validate()) {
    state.status = '';
    render();
    document.getElementById('error-summary')?.focus();
    return;
  }
  const receipt = await client.submitDeclaration({ type: state.kind, data: compact(state.values) } as DeclarationSubmission);
  state.status = receipt.delivered ? ui.delivered : receipt.rejected ? ui.rejected : ui.queued;
  document.body.dataset.lastSubmission = receipt.delivered ? 'delivered' : receipt.rejected ? 'rejected' : 'queued';
  // A new form after a delivered declaration; a queued one keeps its values on screen until it is sent.
  if (receipt.delivered) state.values = state.kind === 'checkin' ? state.values : initialValues(state.kind);
  await refreshPending();
  render();
}

async function scanImage(input: HTMLInputElement): Promise<void> {
  const file = input.files?.[0];
  if (!file) return;
  const bitmap = await createImageBitmap(file);
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const code = jsQR(image.data, image.width, image.height);
  if (code && openVenueQr(code.data)) state.status = '';
  else state.status = UI[state.lang].noQr;
  render();
}

// Back online: deliver what was queued (the queue's own `online` listener does the same; both run serially
// on the queue, and the server deduplicates by Idempotency-Key, so nothing is delivered twice).
window.addEventListener('online', async () => {
  const result = await client.queue.flush();
  if (result.delivered.length) {
    state.status = UI[state.lang].flushed(result.delivered.length);
    document.body.dataset.lastSubmission = 'flushed';
  }
  await refreshPending();
  render();
});

if (location.hash.length > 1) openVenueQr(location.href);
client.queue.start();
render();
void refreshPending().then(() => {
  document.body.dataset.ready = 'true';
});
