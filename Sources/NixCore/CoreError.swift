import NixLexer

/// A failed evaluation of the next core: its kind, message, position and the "while …" lines
/// that led there (innermost first). One word, so that throwing functions keep small frames.
public final class CoreError: Error, @unchecked Sendable {
  /// The kind of failure; `throw` and failed assertions are caught by `builtins.tryEval`.
  public enum Kind: Sendable, Equatable {
    case thrown, assertion, aborted, infiniteRecursion, stackOverflow, type, missingAttribute
    case undefinedVariable, io, syntax, other
    /// A builtin or a form the next core does not have yet.
    case notImplemented
  }

  public let kind: Kind
  public let message: String
  public let span: Span
  public private(set) var trace: [(message: String, span: Span)] = []

  public init(_ kind: Kind, _ message: String, at span: Span) {
    self.kind = kind
    self.message = message
    self.span = span
  }

  /// Adds a "while …" line (outermost last).
  func adding(_ message: String, at span: Span) -> CoreError {
    trace.append((message, span))
    return self
  }

  /// Whether `builtins.tryEval` catches the error.
  public var isCatchable: Bool { kind == .thrown || kind == .assertion }

  /// The error as Nix prints it: the message, then its position and the trace.
  public func rendered(_ sources: SourceMap) -> String {
    var out = "error: \(message)\n"
    func at(_ span: Span) {
      guard span != .noPosition, let file = sources.file(span.file) else { return }
      let location = file.location(of: span.start)
      out += "       at \(file.name):\(location.line):\(location.column)\n"
    }
    at(span)
    for frame in trace {
      out += "       … \(frame.message)\n"
      at(frame.span)
    }
    return out
  }
}

extension Span {
  /// No position (a value a builtin made).
  public static let noPosition = Span(file: SourceFileID(UInt32.max), start: 0, end: 0)
}
