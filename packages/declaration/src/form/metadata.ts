/**
 * Form metadata for renderers: groups, field order, widget hints, options and conditional
 * visibility. Together with a locale (`@healthtrace/declaration/locales/vi` or `/en`) it is enough
 * to render every declaration form without reading the schemas.
 */

import { CHECKIN_DIRECTIONS } from '../schemas/checkin';
import { DAILY_STATES } from '../schemas/daily';
import { DOMESTIC_EXPOSURES, DOMESTIC_SYMPTOMS, UNDERLYING_CONDITIONS } from '../schemas/domestic';
import { BORDER_GATES, ENTRY_EXPOSURES, ENTRY_SYMPTOMS, QUARANTINE_CHOICES, TRAVEL_MODES } from '../schemas/entry';
import { type DeclarationName, schemaId } from '../schemas/registry';

/** Which input to render. */
export type Widget =
  | 'text'
  | 'textarea'
  | 'date'
  | 'datetime'
  | 'year'
  | 'select'
  | 'radio'
  | 'multi-select'
  | 'yes-no'
  | 'yes-no-group'
  | 'phone'
  | 'email'
  | 'id-number'
  | 'country'
  | 'country-list'
  | 'text-list'
  | 'province'
  | 'district'
  | 'ward'
  | 'file'
  | 'list'
  | 'group';

/** Show a field only when another field (path relative to the same object) has a value. */
export interface VisibleWhen {
  /** Path of the controlling field, relative to the object the field belongs to. */
  path: string;
  /** Show when the controlling field equals this value. */
  equals?: string | boolean | undefined;
  /** Show when the controlling field (a list) includes this value. */
  includes?: string | undefined;
}

/** One field of a form. */
export interface FieldMeta {
  /** Dotted path relative to the enclosing object (the form, a group field or a list item). */
  path: string;
  /** The widget to render. */
  widget: Widget;
  /** Whether the field is required when visible. */
  required: boolean;
  /** Options: labels are `locale.options["<set>.<value>"]`. */
  options?: { set: string; values: readonly string[] } | undefined;
  /** Conditional visibility. */
  visibleWhen?: VisibleWhen | undefined;
  /** For `group`/`yes-no-group` widgets: the sub-fields. */
  children?: FieldMeta[] | undefined;
  /** For `list` widgets: the fields of one item, and the item limit. */
  item?: FieldMeta[] | undefined;
  /** Maximum number of list items, or maximum text length. */
  max?: number | undefined;
  /** For `district`/`ward` pickers: the path of the unit they are filtered by. */
  dependsOn?: string | undefined;
}

/** A titled group of fields (labels: `locale.groups[id]`). */
export interface FormGroup {
  /** Group id. */
  id: string;
  /** Fields in display order. */
  fields: FieldMeta[];
}

/** Everything a renderer needs for one declaration kind (labels come from a locale). */
export interface FormDefinition {
  /** The declaration kind (titles: `locale.titles[name]`, notices: `locale.notices[name]`). */
  name: DeclarationName;
  /** The JSON Schema `$id` the submitted value conforms to. */
  schemaId: string;
  /** Groups in display order. */
  groups: FormGroup[];
}

const f = (path: string, widget: Widget, required = true, extra: Partial<FieldMeta> = {}): FieldMeta => ({
  path,
  widget,
  required,
  ...extra,
});
const opt = (path: string, widget: Widget, set: string, values: readonly string[], required = true): FieldMeta =>
  f(path, widget, required, { options: { set, values } });
const yesNo = (path: string, keys: readonly string[]): FieldMeta =>
  f(path, 'yes-no-group', true, { children: keys.map((k) => f(k, 'yes-no')) });
const address = (path: string, required = true): FieldMeta =>
  f(path, 'group', required, {
    children: [
      f('provinceCode', 'province'),
      f('districtCode', 'district', false, { dependsOn: 'provinceCode' }),
      f('wardCode', 'ward', true, { dependsOn: 'districtCode' }),
      f('street', 'text', true, { max: 200 }),
    ],
  });
const sexField = /* @__PURE__ */ (() => opt('sex', 'radio', 'sex', ['male', 'female', 'other']))();

/** Form metadata of every declaration kind. */
export const FORMS: { readonly [K in DeclarationName]: FormDefinition } = /* @__PURE__ */ (() => ({
  domestic: {
    name: 'domestic',
    schemaId: schemaId('domestic'),
    groups: [
      {
        id: 'personal',
        fields: [
          f('declarationDate', 'date'),
          f('fullName', 'text', true, { max: 100 }),
          f('idNumber', 'id-number'),
          f('birthYear', 'year'),
          f('dateOfBirth', 'date', false),
          sexField,
          f('nationality', 'country'),
          f('socialInsuranceNumber', 'text', false, { max: 20 }),
        ],
      },
      { id: 'contact', fields: [address('address'), f('phone', 'phone'), f('email', 'email', false)] },
      {
        id: 'travel',
        fields: [
          f('travelled', 'yes-no'),
          f('travel', 'list', true, {
            max: 50,
            visibleWhen: { path: 'travelled', equals: true },
            item: [
              opt('kind', 'radio', 'travelKind', ['province', 'country']),
              f('provinceCode', 'province', true, { visibleWhen: { path: 'kind', equals: 'province' } }),
              f('countryCode', 'country', true, { visibleWhen: { path: 'kind', equals: 'country' } }),
            ],
          }),
        ],
      },
      {
        id: 'health',
        fields: [
          yesNo('symptoms', DOMESTIC_SYMPTOMS),
          yesNo('exposure', DOMESTIC_EXPOSURES),
          yesNo('underlyingConditions', UNDERLYING_CONDITIONS),
        ],
      },
      {
        id: 'vaccination',
        fields: [f('vaccinations', 'list', false, { max: 10, item: [f('vaccine', 'text', true, { max: 100 }), f('date', 'date', false)] })],
      },
    ],
  },
  entry: {
    name: 'entry',
    schemaId: schemaId('entry'),
    groups: [
      {
        id: 'personal',
        fields: [
          f('declarationDate', 'date'),
          f('portraitPhotoBase64', 'file', false),
          opt('borderGate', 'select', 'borderGate', BORDER_GATES),
          f('fullName', 'text', true, { max: 100 }),
          f('birthYear', 'year'),
          sexField,
          f('nationality', 'country'),
          f('passportNumber', 'id-number'),
        ],
      },
      {
        id: 'trip',
        fields: [
          opt('travelModes', 'multi-select', 'travelMode', TRAVEL_MODES),
          f('otherTravelMode', 'text', true, { max: 100, visibleWhen: { path: 'travelModes', includes: 'other' } }),
          f('vehicleNumber', 'text', true, { max: 20 }),
          f('seatNumber', 'text', false, { max: 10 }),
          f('departureDate', 'date'),
          f('entryDate', 'date'),
          f('departure', 'group', true, { children: [f('countryCode', 'country'), f('province', 'text', false, { max: 100 })] }),
          f('destination', 'group', true, { children: [f('provinceCode', 'province')] }),
          f('countriesVisited', 'country-list', true, { max: 50 }),
        ],
      },
      {
        id: 'contact',
        fields: [address('contactAddress'), address('postQuarantineAddress'), f('phone', 'phone'), f('email', 'email', false)],
      },
      { id: 'health', fields: [yesNo('symptoms', ENTRY_SYMPTOMS), yesNo('exposure', ENTRY_EXPOSURES)] },
      { id: 'vaccination', fields: [f('vaccines', 'text-list', false, { max: 10 })] },
      {
        id: 'test',
        fields: [
          f('testResult', 'group', false, {
            children: [
              opt('result', 'radio', 'testResult', ['negative', 'positive']),
              f('testDate', 'date'),
              f('fileBase64', 'file', false),
            ],
          }),
        ],
      },
      {
        id: 'quarantine',
        fields: [
          f('quarantine', 'group', true, {
            children: [
              opt('choice', 'radio', 'quarantine', QUARANTINE_CHOICES),
              f('details', 'textarea', true, { max: 200, visibleWhen: { path: 'choice', equals: 'other' } }),
            ],
          }),
        ],
      },
    ],
  },
  daily: {
    name: 'daily',
    schemaId: schemaId('daily'),
    groups: [{ id: 'health', fields: [f('date', 'date'), opt('states', 'multi-select', 'dailyState', DAILY_STATES)] }],
  },
  movement: {
    name: 'movement',
    schemaId: schemaId('movement'),
    groups: [
      {
        id: 'personal',
        fields: [
          f('declarationDate', 'date'),
          f('fullName', 'text', true, { max: 100 }),
          f('birthYear', 'year'),
          sexField,
          f('phone', 'phone'),
        ],
      },
      { id: 'contact', fields: [address('address')] },
      {
        id: 'journey',
        fields: [
          f('travelDate', 'date', false),
          ...['origin', 'destination'].map((path) =>
            f(path, 'group', true, {
              children: [
                f('provinceCode', 'province'),
                f('districtCode', 'district', false, { dependsOn: 'provinceCode' }),
                f('wardCode', 'ward', false, { dependsOn: 'districtCode' }),
                f('detail', 'text', false, { max: 200 }),
              ],
            }),
          ),
        ],
      },
    ],
  },
  checkin: {
    name: 'checkin',
    schemaId: schemaId('checkin'),
    groups: [
      {
        id: 'venue',
        fields: [
          f('venueId', 'text'),
          f('qrText', 'textarea', true, { max: 2048 }),
          f('scannedAt', 'datetime'),
          opt('direction', 'radio', 'direction', CHECKIN_DIRECTIONS),
        ],
      },
    ],
  },
  employee: {
    name: 'employee',
    schemaId: schemaId('employee'),
    groups: [
      {
        id: 'work',
        fields: [
          f('date', 'date'),
          f('employeeId', 'text', true, { max: 64 }),
          f('department', 'text', true, { max: 100 }),
          f('employer', 'text', false, { max: 200 }),
        ],
      },
      { id: 'health', fields: [yesNo('symptoms', DOMESTIC_SYMPTOMS), yesNo('exposure', DOMESTIC_EXPOSURES)] },
    ],
  },
}))();

/**
 * Lists every field of a form as absolute dotted paths (list items as `<list>[]`, e.g.
 * `travel[].provinceCode`), in display order.
 *
 * @param form - a form definition.
 * @returns the paths.
 * @example
 * ```ts
 * formFieldPaths(FORMS.daily); // ["date", "states"]
 * ```
 */
export function formFieldPaths(form: FormDefinition): string[] {
  const out: string[] = [];
  const walk = (fields: readonly FieldMeta[], prefix: string): void => {
    for (const field of fields) {
      const path = `${prefix}${field.path}`;
      if (field.children) walk(field.children, `${path}.`);
      else if (field.item) walk(field.item, `${path}[].`);
      else out.push(path);
    }
  };
  for (const group of form.groups) walk(group.fields, '');
  return out;
}
