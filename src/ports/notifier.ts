/** A message for people (e-mail) and machines (JSON body, filterable attributes). */
export interface Notification {
  topicArn?: string;
  subject: string;
  body: string;
  attributes: Record<string, string>;
}

/** The notifier port: publishes an operation's outcome. */
export interface NotifierPort {
  /** Publishes and returns the message id. */
  publish(notification: Notification): Promise<string>;
}
