import NixEval
import NixLexer
import NixParser

/// What to lint with.
public struct LintOptions {
  public var load = LoadOptions()
  /// Codes not to report (`--disable`).
  public var disabled: Set<String> = []

  public init() {}
}

/// `nixinv lint`: every problem of a clan file, each located at the text it is about. Syntax
/// errors do not stop the checks of what parsed, and a failure in one service does not hide
/// the findings of another.
public enum Linter {
  /// The findings for the clan at `path`, in source order. The files read are added to
  /// `sources` (for rendering). Throws only when the input cannot be read.
  public static func lint(_ path: String, cwd: String, options: LintOptions, sources: SourceMap) throws(InventoryError) -> [Diagnostic] {
    var load = options.load
    load.forLint = true
    let firstFile = sources.count
    var found: [Diagnostic] = []
    let refiner = SpanRefiner(sources: sources)
    var loaded: LoadedClan? = nil
    var resolved: ResolvedClan? = nil
    var failure: InventoryError? = nil
    do throws(InventoryError) {
      let clan = try ClanLoader.load(path, cwd: cwd, options: load, sources: sources)
      loaded = clan
      var resolver = Resolver(clan)
      resolver.collectsProblems = true
      resolved = try resolver.resolve()
    } catch where error.code == .input && sources.count == firstFile {
      throw error
    } catch {
      failure = error
    }
    // Syntax and scope, from the file itself.
    if sources.count > firstFile {
      let root = sources[SourceFileID(UInt32(firstFile))]
      if !root.name.hasSuffix(".json") { found += syntaxFindings(root) }
    }
    if let failure, !(failure.code == .syntaxError && found.contains { $0.code == LintCode.syntaxError.rawValue }) {
      found += diagnostics(for: failure, refiner, sources)
    }
    if let loaded, let resolved {
      for e in resolved.problems + resolved.errors + resolved.warnings { found += diagnostics(for: e, refiner, sources) }
      found += InventoryChecks(clan: loaded, resolved: resolved, refiner: refiner).run()
    }
    let suppressions = Suppressions(sources: sources)
    var seen = Set<String>()
    return found
      .filter { !options.disabled.contains($0.code) && !suppressions.suppresses($0) }
      .sorted { ($0.span.file.rawValue, $0.span.start, $0.code) < ($1.span.file.rawValue, $1.span.start, $1.code) }
      .filter { seen.insert("\($0.code)\u{0}\($0.span.file.rawValue):\($0.span.start)\u{0}\($0.message)").inserted }
  }

  /// The parser's findings for a file: syntax errors, undefined variables, duplicate
  /// attributes, unused `let` bindings.
  static func syntaxFindings(_ file: SourceFile) -> [Diagnostic] {
    let symbols = SymbolTable()
    var globals = NixGlobals.names
    if !file.name.hasSuffix("flake.nix") { globals += ["buildClan", "clan", "lib"] }
    let result = parse(file, symbols: symbols, options: ParserOptions(globals: globals))
    var out: [Diagnostic] = []
    for d in result.diagnostics {
      let code: LintCode =
        switch d.code {
        case "E0103": .duplicateAttribute
        case "E0105": .undefinedVariable
        default: d.severity == .error ? .syntaxError : .syntaxError
        }
      out.append(Diagnostic(code.severity, code: code.rawValue, message: d.message, span: d.span, notes: d.notes, help: d.help))
    }
    let tree: Expr?
    if let e = result.expression {
      tree = e
    } else if let recovered = result.recoveredExpression {
      tree = recovered
    } else {
      tree = nil
    }
    if let tree {
      for d in unusedLetBindings(in: tree, file: file, symbols: symbols, globals: globals) {
        out.append(Diagnostic(LintCode.unusedBinding.severity, code: LintCode.unusedBinding.rawValue, message: d.message, span: d.span, help: d.help))
      }
    }
    return out
  }

  /// An error of loading or resolving as findings (a conflict gives one at each definition).
  static func diagnostics(for error: InventoryError, _ refiner: SpanRefiner, _ sources: SourceMap) -> [Diagnostic] {
    let code = LintCode(rawValue: error.code.rawValue) ?? .evalError
    var span = refiner.refine(error.span, to: error.subject)
    if !span.isKnown, let frame = error.evalError?.trace.first(where: { $0.span.isKnown }) { span = frame.span }
    var notes: [Diagnostic.Note] = []
    if let e = error.evalError {
      for frame in e.trace where frame.span.isKnown { notes.append(Diagnostic.Note(frame.message, at: frame.span)) }
      if let detail = e.detail, !detail.isEmpty {
        notes.append(Diagnostic.Note(detail.trimmingWhitespace(), at: .unknown))
      }
    }
    var message = error.lintMessage ?? error.message
    if code == .configConflict, let first = error.related.first {
      let other = refiner.refine(first.span, to: error.subject)
      let help = "keep one definition, or use `lib.mkForce` (or `lib.mkDefault`) to say which wins"
      return [
        Diagnostic(code.severity, code: code.rawValue, message: message, span: span,
          notes: [Diagnostic.Note("the other definition", at: other)], help: help),
        Diagnostic(code.severity, code: code.rawValue, message: message, span: other,
          notes: [Diagnostic.Note("the other definition", at: span)], help: help),
      ]
    }
    for r in error.related { notes.append(Diagnostic.Note(r.note, at: r.span)) }
    if code == .evalError && !span.isKnown && error.code == .input {
      message = error.message
    }
    return [Diagnostic(code.severity, code: code.rawValue, message: message, span: span, notes: notes, help: error.help)]
  }
}

extension String {
  /// The text without leading and trailing spaces and newlines.
  func trimmingWhitespace() -> String {
    let scalars = unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
      let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
    else { return "" }
    return String(scalars[first...last])
  }
}
