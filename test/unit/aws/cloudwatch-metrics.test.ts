import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { CloudWatchMetrics } from '../../../src/aws/cloudwatch-metrics';

const cloudwatchMock = mockClient(CloudWatchClient);

describe('CloudWatchMetrics', () => {
  beforeEach(() => cloudwatchMock.reset());

  it('sends everything collected during an invocation in one PutMetricData, in the AuroraRestore namespace', async () => {
    // Prepare
    const at = new Date('2026-11-25T03:00:00Z');
    const metrics = new CloudWatchMetrics(new CloudWatchClient({ region: 'eu-west-1' }), () => at);
    metrics.add({ name: 'StepDuration', value: 12.5, unit: 'Seconds', dimensions: { Step: 'copy-snapshot' } });
    metrics.add({ name: 'OperationFailed', value: 1, unit: 'Count', dimensions: { Step: 'delete-rds', Target: 'staging' } });

    // Act
    await metrics.flush();
    await metrics.flush();

    // Assess
    expect(cloudwatchMock).toReceiveCommandTimes(PutMetricDataCommand, 1);
    expect(cloudwatchMock).toReceiveCommandWith(PutMetricDataCommand, {
      Namespace: 'AuroraRestore',
      MetricData: [
        { MetricName: 'StepDuration', Value: 12.5, Unit: 'Seconds', Timestamp: at, Dimensions: [{ Name: 'Step', Value: 'copy-snapshot' }] },
        { MetricName: 'OperationFailed', Value: 1, Unit: 'Count', Timestamp: at, Dimensions: [{ Name: 'Step', Value: 'delete-rds' }, { Name: 'Target', Value: 'staging' }] },
      ],
    });
  });

  it('sends nothing when nothing was collected', async () => {
    await new CloudWatchMetrics(new CloudWatchClient({ region: 'eu-west-1' })).flush();
    expect(cloudwatchMock).toReceiveCommandTimes(PutMetricDataCommand, 0);
  });
});
