/// How serious a diagnostic is.
public enum Severity: String, Sendable, Comparable {
  case error
  case warning
  case note

  private var rank: Int {
    switch self {
    case .error: 2
    case .warning: 1
    case .note: 0
    }
  }

  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A located problem found in Nix source: data, rendered once by ``DiagnosticRenderer``.
///
/// Diagnostics are values: the lexer and parser collect them and carry on, so that one run
/// reports every problem in a file.
public struct Diagnostic: Sendable, Hashable {
  /// A secondary location with a message, such as "first defined here".
  public struct Note: Sendable, Hashable {
    /// What the note says.
    public let message: String
    /// Where it points.
    public let span: Span

    /// Creates a note.
    public init(_ message: String, at span: Span) {
      self.message = message
      self.span = span
    }
  }

  /// How serious it is.
  public let severity: Severity
  /// A stable code (for example `E0101`), shown by machine-readable formats.
  public let code: String
  /// The message: lowercase, no trailing period, source text quoted with `'…'`.
  public let message: String
  /// Where the problem is.
  public let span: Span
  /// Further locations.
  public let notes: [Note]
  /// A suggestion for the fix, if any.
  public let help: String?

  /// Creates a diagnostic.
  public init(
    _ severity: Severity = .error, code: String, message: String, span: Span, notes: [Note] = [],
    help: String? = nil
  ) {
    self.severity = severity
    self.code = code
    self.message = message
    self.span = span
    self.notes = notes
    self.help = help
  }
}
