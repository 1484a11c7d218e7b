import { describeCycle } from '../src/dev/report.ts';

/** The dev loop's line for each kind of turn: one line, saying what happened, what each phase changed and when it was on disk. */
describe('describeCycle', () => {
  const model = {
    changed: ['ddl/schema.sql', 'ddl/tables/014_create_projects.sql', 'docs/tables/projects.md', 'src/generated/db.ts', 'src/generated/zod.ts'],
    doneMs: 240.4,
  };
  const graphql = { changed: ['src/generated/graphql.ts', 'src/generated/schema.graphql'], doneMs: 702.3 };
  const diagrams = { changed: ['docs/diagrams/creative-workspace.png', 'docs/diagrams/creative-workspace.svg'], doneMs: 1449.6 };
  const generated = {
    outcome: 'generated' as const,
    applied: true,
    phases: { model, graphql, diagrams },
    timings: { apply: 60.2, introspect: 95.7 },
  };

  test('a turn that applied a change names the model files it wrote, then GraphQL, then the diagrams, each with its time', () => {
    expect(describeCycle(generated)).toBe(
      'current.sql applied; 5 files changed (ddl/schema.sql, ddl/tables/014_create_projects.sql, docs/tables/projects.md, src/generated/db.ts, … 1 more) in 240 ms; ' +
        'GraphQL 2 changed in 702 ms; diagrams 2 changed in 1.4 s',
    );
  });

  test('--timings adds each stage', () => {
    const phases = { model: { ...model, changed: ['src/generated/db.ts'] }, graphql: { ...graphql, changed: [] }, diagrams: { ...diagrams, changed: [] } };
    expect(describeCycle({ ...generated, phases }, true)).toBe(
      'current.sql applied; 1 file changed (src/generated/db.ts) in 240 ms; GraphQL unchanged in 702 ms; diagrams unchanged in 1.4 s [apply 60 ms, introspect 96 ms]',
    );
  });

  test('a turn that changed nothing says so', () => {
    const phases = { model: { ...model, changed: [] }, graphql: { ...graphql, changed: [] }, diagrams: { ...diagrams, changed: [] } };
    expect(describeCycle({ ...generated, applied: false, phases })).toBe(
      'current.sql unchanged apart from comments and whitespace; no generated file changed in 240 ms; GraphQL unchanged in 702 ms; diagrams unchanged in 1.4 s',
    );
    expect(describeCycle({ outcome: 'unchanged', totalMs: 12 })).toBe('current.sql unchanged apart from comments and whitespace; nothing to regenerate (12 ms)');
  });

  test('a failure keeps the error, says what was written before it, what was left alone and what to do', () => {
    const error = 'migrations/current.sql:5: syntax error at or near "creat" (42601) in: creat index x on app_public.projects (name);';
    expect(describeCycle({ outcome: 'failed', stage: 'apply', error, totalMs: 30 })).toBe(
      `${error} — generated files left as they were; fix current.sql and save again`,
    );
    expect(describeCycle({ outcome: 'failed', stage: 'generate', error: 'boom', totalMs: 30 })).toBe(
      'current.sql applied, but generating the artifacts failed: boom — generated files left as they were; fix current.sql and save again',
    );
    expect(describeCycle({ outcome: 'failed', stage: 'graphql', error: 'boom', totalMs: 30, model })).toBe(
      'current.sql applied; 5 files changed (ddl/schema.sql, ddl/tables/014_create_projects.sql, docs/tables/projects.md, src/generated/db.ts, … 1 more) in 240 ms; ' +
        'GraphQL failed: boom — schema.graphql, graphql.ts and the diagrams left as they were; fix current.sql and save again',
    );
    expect(describeCycle({ outcome: 'failed', stage: 'diagrams', error: 'boom', totalMs: 30, model: { ...model, changed: [] }, graphql })).toBe(
      'current.sql applied; no generated file changed in 240 ms; GraphQL 2 changed in 702 ms; diagrams failed: boom — diagrams left as they were; save again to retry',
    );
  });
});
