import { formatChange, summarizeChanges } from '../src/breaking/change.ts';
import { exportChanges } from '../src/breaking/export-changes.ts';
import { apiChanges } from '../src/breaking/report.ts';
import { schemaChanges } from '../src/breaking/schema-changes.ts';

/** The changes commit and check report: pure, old text and new text in, findings out. */

const before = `
type Query { user(id: ID!): User  teams: [Team!]! }
type User { id: ID!  email: String!  credits: Int  tier: Tier }
type Team { id: ID! }
enum Tier { Free Pro Enterprise }
input UserPatch { email: String  nickname: String }
`;

describe('schema.graphql', () => {
  test('a removed type, field and enum value, an input field that became required and a changed type are each breaking', async () => {
    const after = `
      type Query { user(id: ID!): User  teams: [String!]! }
      type User { id: ID!  credits: Float  tier: Tier }
      enum Tier { Free Pro }
      input UserPatch { email: String  nickname: String! }
    `;
    const lines = (await schemaChanges(before, after)).map(formatChange);
    expect(lines.sort()).toEqual(
      [
        "schema.graphql: breaking: Type 'Team' was removed",
        "schema.graphql: breaking: Field 'email' was removed from object type 'User'",
        "schema.graphql: breaking: Enum value 'Enterprise' was removed from enum 'Tier'",
        "schema.graphql: breaking: Input field 'UserPatch.nickname' changed type from 'String' to 'String!'",
        "schema.graphql: breaking: Field 'User.credits' changed type from 'Int' to 'Float'",
        "schema.graphql: breaking: Field 'Query.teams' changed type from '[Team!]!' to '[String!]!'",
      ].sort(),
    );
  });

  test('an added type, field and optional input field break nothing', async () => {
    const after = `${before.replace('credits: Int', 'credits: Int  avatar: String').replace('nickname: String', 'nickname: String  bio: String')}
      type Asset { id: ID! }`;
    expect(await schemaChanges(before, after)).toEqual([]);
  });

  test('an added enum value is dangerous (a client switching over the values meets one it does not know), not breaking', async () => {
    const changes = await schemaChanges(before, before.replace('Enterprise', 'Enterprise Team'));
    expect(changes.map(formatChange)).toEqual(["schema.graphql: dangerous: Enum value 'Team' was added to enum 'Tier'"]);
  });
});

const types = `
export type UserTier = 'Free' | 'Pro' | 'Enterprise';
export const userTierValues = ['Free', 'Pro', 'Enterprise'] as const satisfies readonly UserTier[];
export type UserId = string & { readonly __brand: 'UserId' };
export type User = {
  /** Primary key. */
  id: UserId;
  email: string;
  credits: string;
};
export type UserInsert = {
  email: string;
  nickname?: string | null;
};
export type Team = { id: string };
`;

describe('db.ts exports', () => {
  test('a removed export, property or value, a retyped property, one that became required and a changed alias are breaking', () => {
    const after = `
export type UserTier = 'Free' | 'Pro';
export const userTierValues = ['Free', 'Pro'] as const satisfies readonly UserTier[];
export type UserId = string;
export type User = {
  id: UserId;
  credits: number;
};
export type UserInsert = {
  email: string;
  nickname: string | null;
};
`;
    expect(exportChanges('src/generated/db.ts', types, after).map(formatChange)).toEqual([
      "db.ts: breaking: Value 'Enterprise' was removed from 'UserTier'",
      "db.ts: breaking: Value 'Enterprise' was removed from 'userTierValues'",
      "db.ts: breaking: Export 'UserId' changed from 'string & { readonly __brand: 'UserId' }' to 'string'",
      "db.ts: breaking: Property 'User.email' was removed",
      "db.ts: breaking: Property 'User.credits' changed type from 'string' to 'number'",
      "db.ts: breaking: Property 'UserInsert.nickname' became required",
      "db.ts: breaking: Export 'Team' was removed",
    ]);
  });

  test('added exports, properties and values, and changed comments, break nothing', () => {
    const after = `${types
      .replace("'Enterprise';", "'Enterprise' | 'Team';")
      .replace("'Enterprise'] as const", "'Enterprise', 'Team'] as const")
      .replace('/** Primary key. */', '/** The id. */')
      .replace('credits: string;', 'credits: string;\n  avatar: string | null;')}
export type Asset = { id: string };`;
    expect(exportChanges('src/generated/db.ts', types, after)).toEqual([]);
  });
});

describe('both files', () => {
  test('are compared together, a file that is new has nothing to break, and the summary counts per file', async () => {
    const changes = await apiChanges(
      new Map([
        ['src/generated/schema.graphql', before],
        ['src/generated/db.ts', types],
      ]),
      new Map([
        ['src/generated/schema.graphql', before.replace('  teams: [Team!]!', '')],
        ['src/generated/db.ts', types.replace("export type Team = { id: string };", '')],
      ]),
    );
    expect(changes.map(formatChange)).toEqual([
      "schema.graphql: breaking: Field 'teams' was removed from object type 'Query'",
      "db.ts: breaking: Export 'Team' was removed",
    ]);
    expect(summarizeChanges(changes)).toBe('2 breaking changes (schema.graphql 1, db.ts 1)');
    expect(await apiChanges(new Map(), new Map([['src/generated/db.ts', types]]))).toEqual([]);
    expect(summarizeChanges([])).toBe('no breaking changes to the API');
  });
});
