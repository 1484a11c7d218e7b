import * as build from './helpers/model-builder.ts';

/** The builder's defaults are what introspection gives an object that has none of it. */
describe('model-builder', () => {
  test('rawComment is the comment as PostgreSQL stores it: one line per smart tag, then the text', () => {
    const users = build.table({ name: 'users', comment: "People's accounts.", tags: { behavior: ['-insert', '-delete'], omit: true } });
    expect(users.rawComment).toBe("@behavior -insert\n@behavior -delete\n@omit\nPeople's accounts.");
    expect(build.column({ name: 'id', type: 'uuid' }).rawComment).toBe('');
  });

  test('a table starts with RLS off and no policies or grants; a function with PUBLIC EXECUTE; a model lists its schemas', () => {
    expect(build.table({ name: 't' })).toMatchObject({ rowLevelSecurity: { enabled: false, forced: false }, policies: [], grants: [] });
    expect(build.fn({ name: 'app_private.f', definition: '' }).grants).toEqual([{ grantee: 'PUBLIC', privilege: 'EXECUTE', grantable: false }]);
    const model = build.model({ functions: [build.fn({ name: 'app_private.f', definition: '' })] });
    expect(model.schemas.map((s) => s.name)).toEqual(['app_private', 'app_public']);
  });
});
