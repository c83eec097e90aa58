import { defaultPrivilegeStatements, grantStatements } from '../../../src/database/privilege-presets';

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

describe('privilege presets', () => {
  it.each([
    [
      'readonly',
      [
        'GRANT CONNECT ON DATABASE "app db" TO "r"',
        'GRANT USAGE ON SCHEMA "s" TO "r"',
        'GRANT SELECT ON ALL TABLES IN SCHEMA "s" TO "r"',
        'GRANT SELECT ON ALL SEQUENCES IN SCHEMA "s" TO "r"',
      ],
    ],
    [
      'readwrite',
      [
        'GRANT CONNECT, TEMPORARY ON DATABASE "app db" TO "r"',
        'GRANT USAGE ON SCHEMA "s" TO "r"',
        'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "s" TO "r"',
        'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "s" TO "r"',
      ],
    ],
    [
      'owner',
      [
        'GRANT ALL PRIVILEGES ON DATABASE "app db" TO "r"',
        'GRANT ALL PRIVILEGES ON SCHEMA "s" TO "r"',
        'GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA "s" TO "r"',
        'GRANT ALL PRIVILEGES ON ALL SEQUENCES IN SCHEMA "s" TO "r"',
        'GRANT EXECUTE ON ALL ROUTINES IN SCHEMA "s" TO "r"',
      ],
    ],
  ] as const)('%s grants exactly these privileges', (preset, expected) => {
    expect(grantStatements('r', 'app db', 's', preset, quote)).toEqual(expected);
  });

  it('quotes every identifier with the given escaping', () => {
    // Act
    const statements = [...grantStatements('a"; DROP ROLE x; --', 'd"b', 'sc"h', 'readonly', quote), ...defaultPrivilegeStatements('a"b', 'c"d', 'sc"h', 'readonly', quote)];

    // Assess
    expect(statements).toContain('GRANT USAGE ON SCHEMA "sc""h" TO "a""; DROP ROLE x; --"');
    expect(statements).toContain('ALTER DEFAULT PRIVILEGES FOR ROLE "c""d" IN SCHEMA "sc""h" GRANT SELECT ON TABLES TO "a""b"');
  });

  it('sets default privileges per creating role, for tables, sequences and (owner) routines', () => {
    expect(defaultPrivilegeStatements('r', 'creator', 's', 'owner', quote)).toEqual([
      'ALTER DEFAULT PRIVILEGES FOR ROLE "creator" IN SCHEMA "s" GRANT ALL PRIVILEGES ON TABLES TO "r"',
      'ALTER DEFAULT PRIVILEGES FOR ROLE "creator" IN SCHEMA "s" GRANT ALL PRIVILEGES ON SEQUENCES TO "r"',
      'ALTER DEFAULT PRIVILEGES FOR ROLE "creator" IN SCHEMA "s" GRANT EXECUTE ON ROUTINES TO "r"',
    ]);
  });
});
