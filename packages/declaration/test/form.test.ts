import { DECLARATION_NAMES, declarationJsonSchema, type FieldMeta, FORMS, formFieldPaths, schemaId } from '@healthtrace/declaration';
import { en } from '@healthtrace/declaration/locales/en';
import { vi } from '@healthtrace/declaration/locales/vi';
import { describe, expect, it } from 'vitest';

type Node = Record<string, unknown>;

/** Every leaf path of a JSON Schema (objects recursed, arrays of objects as `list[]`), in a set. */
function leafPaths(node: Node, prefix = ''): string[] {
  if (node.type === 'object' && node.properties) {
    return Object.entries(node.properties as Record<string, Node>).flatMap(([key, child]) =>
      leafPaths(child, prefix ? `${prefix}.${key}` : key),
    );
  }
  if (node.type === 'array' && node.items && (node.items as Node).type === 'object') return leafPaths(node.items as Node, `${prefix}[]`);
  if (node.anyOf || node.oneOf) return [...new Set(((node.anyOf ?? node.oneOf) as Node[]).flatMap((n) => leafPaths(n, prefix)))];
  return [prefix];
}

function walk(fields: readonly FieldMeta[], visit: (field: FieldMeta, siblings: readonly FieldMeta[]) => void): void {
  for (const field of fields) {
    visit(field, fields);
    if (field.children) walk(field.children, visit);
    if (field.item) walk(field.item, visit);
  }
}

describe.each(DECLARATION_NAMES)('%s form metadata', (name) => {
  const form = FORMS[name];

  it('covers every field of the schema exactly once, and nothing else', () => {
    const paths = formFieldPaths(form);
    expect(new Set(paths).size).toBe(paths.length);
    expect([...paths].sort()).toEqual(leafPaths(declarationJsonSchema(name)).sort());
  });

  it('marks as required the fields the schema requires (top level); conditional fields are required only when shown', () => {
    const required = new Set((declarationJsonSchema(name).required as string[]) ?? []);
    for (const group of form.groups) {
      for (const field of group.fields) {
        if (field.visibleWhen) expect(required.has(field.path), field.path).toBe(false);
        else expect(field.required, field.path).toBe(required.has(field.path));
      }
    }
  });

  it('points to its schema and has a title, group headings, labels and option labels in vi and en', () => {
    expect(form.schemaId).toBe(schemaId(name));
    for (const locale of [vi, en]) {
      expect(locale.titles[name], `${locale.lang} title`).toBeTruthy();
      for (const group of form.groups) expect(locale.groups[group.id], `${locale.lang} group ${group.id}`).toBeTruthy();
      for (const path of formFieldPaths(form)) {
        const segments = path.replace(/\[\]/g, '').split('.');
        const own = (key: string) => Object.hasOwn(locale.fields, key);
        const dotted = segments.join('.');
        expect(own(`${name}:${dotted}`) || own(dotted) || own(segments[segments.length - 1]!), `${locale.lang} label ${path}`).toBe(true);
      }
      walk(
        form.groups.flatMap((g) => g.fields),
        (field) => {
          for (const value of field.options?.values ?? []) {
            expect(locale.options[`${field.options!.set}.${value}`], `${locale.lang} option ${field.options!.set}.${value}`).toBeTruthy();
          }
        },
      );
    }
  });

  it('conditions refer to a sibling field that exists', () => {
    walk(
      form.groups.flatMap((g) => g.fields),
      (field, siblings) => {
        if (field.visibleWhen)
          expect(
            siblings.map((s) => s.path),
            field.path,
          ).toContain(field.visibleWhen.path);
        if (field.dependsOn)
          expect(
            siblings.map((s) => s.path),
            field.path,
          ).toContain(field.dependsOn);
      },
    );
  });
});

describe('conditional visibility', () => {
  it('shows the travel list only when the person travelled, and each place code by its kind', () => {
    const travel = FORMS.domestic.groups.flatMap((g) => g.fields).find((f) => f.path === 'travel')!;
    expect(travel.visibleWhen).toEqual({ path: 'travelled', equals: true });
    expect(travel.item?.find((f) => f.path === 'provinceCode')?.visibleWhen).toEqual({ path: 'kind', equals: 'province' });
    const trip = FORMS.entry.groups.find((g) => g.id === 'trip')!.fields;
    expect(trip.find((f) => f.path === 'otherTravelMode')?.visibleWhen).toEqual({ path: 'travelModes', includes: 'other' });
  });
});
