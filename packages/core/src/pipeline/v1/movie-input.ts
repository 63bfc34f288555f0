/** What `generate` was asked to make; stored with the movie so `resume` needs nothing else. */
export interface MovieInput {
  /** The script text, Fountain or prose. */
  script: string;
  /** Where the script came from (a file name), for messages. Default: none. */
  scriptName?: string;
}
