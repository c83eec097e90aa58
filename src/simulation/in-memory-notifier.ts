import type { Notification, NotifierPort } from '../ports/notifier';

/** A notifier that keeps what it is asked to publish, for local runs and tests to read back. */
export class InMemoryNotifier implements NotifierPort {
  public readonly published: (Notification & { messageId: string })[] = [];

  public async publish(notification: Notification): Promise<string> {
    const messageId = `local-message-${this.published.length + 1}`;
    this.published.push({ ...notification, messageId });
    return messageId;
  }
}
