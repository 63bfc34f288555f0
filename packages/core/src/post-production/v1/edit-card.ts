/** A title or end card: text on a plain background, shown before or after the shots. */
export interface EditCard {
  /** The main line: the screenplay's title on the title card, `The End` on the end card. */
  title: string;
  /** A smaller line under the title: the screenplay's logline on the title card. Default: none. */
  subtitle?: string;
  /**
   * How long the card is shown, in seconds (more than 0): 3 for the title card, 2 for the end card.
   */
  durationSeconds: number;
}
