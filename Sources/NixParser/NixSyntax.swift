/// Spelling rules of Nix's printed forms, shared by the `--parse` printer and the evaluator's
/// value printer.
public enum NixSyntax {
  /// A float as Nix prints it: `%g` with six significant digits, as C++ streams do.
  public static func formatFloat(_ value: Double) -> String { ASTPrinter.formatFloat(value) }

  /// Whether an attribute name prints bare: an identifier that is not a keyword.
  public static func isPlainIdentifier(_ bytes: ArraySlice<UInt8>) -> Bool { ASTPrinter.isPlainIdentifier(bytes) }
}
