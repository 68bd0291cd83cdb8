/** The mock layer's typed errors: a bad configuration (fail spec, model script) or a value it cannot generate. */

/** A `--fail` spec, a failure option or a model script the mock layer cannot use. The message says what to write instead. */
export class MockConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MockConfigError";
  }
}

/** No value satisfies the schema as far as the generator can tell (an unsupported pattern, contradictory bounds). */
export class MockValueError extends Error {
  /** Where in the value: `output.items[0].sku`. */
  readonly path: string;

  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = "MockValueError";
    this.path = path;
  }
}
