/**
 * Something Slack would refuse however often it were sent (a button without a label, data
 * too long for a button's value, a form field without options): a programming error upstream.
 * The gateway turns it into a permanent `DeliveryError`.
 */
export class SlackRenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SlackRenderError";
  }
}
