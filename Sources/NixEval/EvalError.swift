import NixLexer

/// A failed evaluation: what went wrong, where, and the chain of evaluations that led there
/// (innermost first), rendered once by ``EvalErrorRenderer``.
public struct EvalError: Error {
  /// The kind of failure; `throw` and failed assertions can be caught by `builtins.tryEval`.
  public enum Kind: Sendable, Equatable {
    /// `throw`
    case thrown
    /// `assert` with a false condition
    case assertion
    /// `abort`
    case aborted
    case infiniteRecursion
    case stackOverflow
    case type
    case missingAttribute
    case undefinedVariable
    /// A file or path that could not be read, or a read outside what purity allows.
    case io
    /// A store, network or process operation nixinv does not do.
    case unavailable
    /// A step or time limit was reached.
    case limit
    /// A syntax error in an imported file.
    case syntax
    case other
  }

  /// One "… while …" line of the trace.
  public struct Frame: Sendable {
    public let message: String
    public let span: Span
  }

  /// The fields, boxed: an error is one word, so that the many evaluator functions that can
  /// throw one keep small stack frames (evaluation recurses as deeply as the program does).
  private final class Storage: @unchecked Sendable {
    var kind: Kind
    var message: String
    var span: Span
    var trace: [Frame] = []
    var detail: String? = nil

    init(_ kind: Kind, _ message: String, _ span: Span) {
      self.kind = kind
      self.message = message
      self.span = span
    }

    func copy() -> Storage {
      let made = Storage(kind, message, span)
      made.trace = trace
      made.detail = detail
      return made
    }
  }

  private var storage: Storage

  /// The storage, copied first if another error shares it.
  private mutating func mutableStorage() -> Storage {
    if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    return storage
  }

  public var kind: Kind {
    get { storage.kind }
    set { mutableStorage().kind = newValue }
  }
  public var message: String {
    get { storage.message }
    set { mutableStorage().message = newValue }
  }
  public var span: Span {
    get { storage.span }
    set { mutableStorage().span = newValue }
  }
  /// The "… while …" lines, innermost first.
  public var trace: [Frame] {
    get { storage.trace }
    set { mutableStorage().trace = newValue }
  }
  /// Further text printed after the message (e.g. a parse error's own rendering).
  public var detail: String? {
    get { storage.detail }
    set { mutableStorage().detail = newValue }
  }

  public init(_ kind: Kind, _ message: String, at span: Span = .unknown) {
    storage = Storage(kind, message, span)
  }

  /// Whether `builtins.tryEval` catches it.
  public var isCatchable: Bool { kind == .thrown || kind == .assertion }

  /// The error with positions equal to `span` removed (a builtin's errors are shown at
  /// its call, once, in the "while calling" line).
  func withoutPosition(_ span: Span) -> EvalError {
    var copy = self
    if copy.span == span { copy.span = .unknown }
    for i in copy.trace.indices where copy.trace[i].span == span {
      copy.trace[i] = Frame(message: copy.trace[i].message, span: .unknown)
    }
    return copy
  }

  /// The error with one more trace line.
  public func adding(_ message: String, at span: Span) -> EvalError {
    // An empty context (Nix's "the caller says it") adds no line.
    if message.isEmpty { return self }
    var copy = self
    if copy.trace.count < 64 { copy.trace.append(Frame(message: message, span: span)) }
    return copy
  }
}

/// Renders an ``EvalError`` as Nix does: the trace from the outermost evaluation inward, each
/// with its position and source line, then `error: MESSAGE` at the failure's position.
public struct EvalErrorRenderer {
  public let renderer: DiagnosticRenderer
  public init(sources: SourceMap) {
    renderer = DiagnosticRenderer(lookup: { [sources] id in sources.file(id) })
  }

  public func render(_ error: EvalError) -> String {
    var out = error.trace.isEmpty ? "" : "error:\n"
    for frame in error.trace.reversed() {
      out += "       … \(frame.message)\n"
      if frame.span.isKnown {
        out += "         at \(renderer.position(frame.span)):\n"
        out += renderer.codeLines(frame.span)
      }
      out += "\n"
    }
    out += error.trace.isEmpty ? "error: \(error.message)\n" : "       error: \(error.message)\n"
    if error.span.isKnown {
      out += "       at \(renderer.position(error.span)):\n"
      out += renderer.codeLines(error.span)
    }
    if let detail = error.detail { out += detail }
    return out
  }
}
