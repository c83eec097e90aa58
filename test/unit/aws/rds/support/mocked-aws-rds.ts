import { RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsRds } from '../../../../../src/aws/rds/aws-rds';

const mockRds = () => mockClient(RDSClient);
/** RDS's client, answered by aws-sdk-client-mock. */
export type RdsMock = ReturnType<typeof mockRds>;
type Command = Parameters<RdsMock['commandCalls']>[0];

/** The adapter in eu-west-1 of account 111111111111, its clients answered by aws-sdk-client-mock. */
export function mockedAwsRds(securityGroups: (ids: string[]) => Promise<string[]> = async () => []): { rds: AwsRds; rdsMock: RdsMock } {
  const rdsMock = mockRds();
  const rds = new AwsRds({
    region: 'eu-west-1',
    accountId: '111111111111',
    clientFor: (region) => new RDSClient({ region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }),
    securityGroups,
  });
  return { rds, rdsMock };
}

/** Asserts the command was sent once with exactly this input (toReceiveCommandWith alone matches a subset). */
export function expectExactInput(rdsMock: RdsMock, command: Command, input: object): void {
  expect(rdsMock).toReceiveCommandTimes(command, 1);
  expect(rdsMock.commandCalls(command)[0]?.args[0].input).toEqual(input);
}
