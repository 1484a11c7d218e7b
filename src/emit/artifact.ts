/** One generated file: its repository-relative path (forward slashes) and its exact bytes or text. */
export interface Artifact {
  path: string;
  contents: string | Uint8Array;
}
