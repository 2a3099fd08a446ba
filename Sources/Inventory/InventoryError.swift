import NixEval
import NixLexer

/// A problem that stops resolving an inventory: what kind (a lint code), what, where, and the
/// other places involved (e.g. both definitions of a conflict). Rendered once, by
/// ``InventoryError/render(_:)``.
public struct InventoryError: Error {
  /// The kind of problem; the raw value is the lint code that reports it.
  public enum Code: String, Sendable, CaseIterable {
    case syntaxError = "syntax-error"
    case evalError = "eval-error"
    case unknownOption = "unknown-option"
    case unknownSetting = "unknown-setting"
    case missingSetting = "missing-setting"
    case removedRole = "removed-role"
    case wrongType = "wrong-type"
    case configConflict = "config-conflict"
    case unknownModule = "unknown-module"
    case unknownRole = "unknown-role"
    case unknownMachine = "unknown-machine"
    case invalidName = "invalid-name"
    case unknownTag = "unknown-tag"
    case roleConstraint = "role-constraint"
    case maxInstances = "max-instances"
    case input = "input"
  }

  public var code: Code
  public var message: String
  /// Where the problem is (``Span/unknown`` when no source text is to blame).
  public var span: Span
  /// Other places involved, each with what it is.
  public var related: [(note: String, span: Span)] = []
  /// A suggestion (did you mean …).
  public var help: String? = nil
  /// A one-line message for lint, when ``message`` is clan's longer text.
  public var lintMessage: String? = nil
  /// The name or string the problem is about, when ``span`` is only where its definition
  /// starts (the linter narrows the position to it).
  public var subject: String? = nil
  /// The evaluation failure behind an `eval-error` or `syntax-error`.
  public var evalError: EvalError? = nil

  public init(_ code: Code, _ message: String, at span: Span = .unknown, help: String? = nil) {
    self.code = code
    self.message = message
    self.span = span
    self.help = help
  }

  /// An evaluation failure (a syntax error keeps its own code).
  public init(_ error: EvalError) {
    self.code = error.kind == .syntax ? .syntaxError : .evalError
    self.message = error.message
    self.span = error.span
    self.evalError = error
  }

  /// The error as `nixinv` prints it: `error: …`, its position with the source line and a caret,
  /// and the help line, as evaluation errors are printed.
  public func render(_ sources: SourceMap) -> String {
    var error = evalError ?? EvalError(.other, message, at: span)
    if evalError == nil, let help {
      error.detail = "       help: \(help)\n"
    }
    return EvalErrorRenderer(sources: sources).render(error)
  }
}

/// The closest of `candidates` to `name` by edit distance, if close enough to be a likely typo.
func closest(to name: String, in candidates: [String]) -> String? {
  var best: (String, Int)? = nil
  let a = Array(name.lowercased().utf8)
  for c in candidates {
    let d = editDistance(a, Array(c.lowercased().utf8))
    // Ties go to the name first in byte order, whatever order the candidates come in.
    if d <= max(1, min(3, a.count / 3)), best == nil || d < best!.1 || (d == best!.1 && bytewise(c, best!.0)) {
      best = (c, d)
    }
  }
  return best?.0
}

/// Edit distance of two byte strings (insertions, deletions, substitutions and swaps of two
/// neighbours each count one: the optimal string alignment distance).
func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var beforePrevious = [Int](repeating: 0, count: b.count + 1)
  var previous = Array(0...b.count)
  var current = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    current[0] = i
    for j in 1...b.count {
      let cost = a[i - 1] == b[j - 1] ? 0 : 1
      current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
        current[j] = min(current[j], beforePrevious[j - 2] + 1)
      }
    }
    (beforePrevious, previous, current) = (previous, current, beforePrevious)
  }
  return previous[b.count]
}

/// `"a", "b" or "c"` for a message.
func quotedList(_ names: [String]) -> String {
  let quoted = names.map { "'\($0)'" }
  guard quoted.count > 1 else { return quoted.first ?? "" }
  return quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
}
