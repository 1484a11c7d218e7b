import { describeCycle } from '../src/dev/report.ts';

/** The dev loop's line for each kind of turn: one line, saying what happened, what changed and how long it took. */
describe('describeCycle', () => {
  const generated = {
    outcome: 'generated' as const,
    applied: true,
    changed: ['ddl/schema.sql', 'ddl/tables/014_create_projects.sql', 'docs/tables/projects.md', 'src/generated/db.ts', 'src/generated/graphql.ts'],
    diagramsChanged: ['docs/diagrams/creative-workspace.png', 'docs/diagrams/creative-workspace.svg'],
    primaryMs: 640.4,
    totalMs: 1449.6,
    timings: { apply: 60.2, introspect: 95.7 },
  };

  test('a turn that applied a change names the files it wrote, then the diagrams, with both times', () => {
    expect(describeCycle(generated)).toBe(
      'current.sql applied; 5 files changed (ddl/schema.sql, ddl/tables/014_create_projects.sql, docs/tables/projects.md, src/generated/db.ts, … 1 more) in 640 ms; diagrams 2 changed in 1.4 s',
    );
  });

  test('--timings adds each stage', () => {
    expect(describeCycle({ ...generated, changed: ['src/generated/db.ts'], diagramsChanged: [] }, true)).toBe(
      'current.sql applied; 1 file changed (src/generated/db.ts) in 640 ms; diagrams unchanged in 1.4 s [apply 60 ms, introspect 96 ms]',
    );
  });

  test('a turn that changed nothing says so', () => {
    expect(describeCycle({ ...generated, applied: false, changed: [], diagramsChanged: [] })).toBe(
      'current.sql unchanged apart from comments and whitespace; no generated file changed in 640 ms; diagrams unchanged in 1.4 s',
    );
    expect(describeCycle({ outcome: 'unchanged', totalMs: 12 })).toBe('current.sql unchanged apart from comments and whitespace; nothing to regenerate (12 ms)');
  });

  test('a failure keeps the error and says what was left alone and what to do', () => {
    const error = 'migrations/current.sql:5: syntax error at or near "creat" (42601) in: creat index x on app_public.projects (name);';
    expect(describeCycle({ outcome: 'failed', stage: 'apply', error, totalMs: 30 })).toBe(
      `${error} — generated files left as they were; fix current.sql and save again`,
    );
    expect(describeCycle({ outcome: 'failed', stage: 'generate', error: 'boom', totalMs: 30 })).toBe(
      'current.sql applied, but generating the artifacts failed: boom — generated files left as they were; fix current.sql and save again',
    );
    expect(describeCycle({ outcome: 'failed', stage: 'diagrams', error: 'boom', totalMs: 30 })).toMatch(/^current\.sql applied and .* diagrams left as they were; save again to retry$/);
  });
});
