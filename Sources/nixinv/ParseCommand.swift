#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import NixLexer
import NixParser

/// `nixinv parse FILE|-|-E EXPR`: the syntax tree as `nix-instantiate --parse` prints it, or
/// every syntax error with its position.
enum ParseCommand {
  static let usage = """
    usage: nixinv parse FILE
           nixinv parse -          (read standard input)
           nixinv parse -E EXPR    (parse EXPR)

    Prints the syntax tree as `nix-instantiate --parse` does and exits 0; on errors prints
    every one of them with its position and exits 1.
    """

  static func run(_ arguments: [String]) throws(CommandError) -> Int32 {
    var input: Input? = nil
    var rest = arguments[...]
    while let argument = rest.popFirst() {
      switch argument {
      case "-h", "--help":
        Terminal.out(usage + "\n")
        return 0
      case "-E", "--expr":
        guard let text = rest.popFirst() else { throw .usage("-E needs an expression") }
        input = .expression(text)
      case "-":
        input = .standardInput
      default:
        if argument.hasPrefix("-") { throw .usage("unknown option '\(argument)'") }
        guard input == nil else { throw .usage("parse takes one input") }
        input = .file(argument)
      }
    }
    guard let input else { throw .usage("parse needs a FILE, '-' or -E EXPR") }
    let file = try input.load()
    let symbols = SymbolTable()
    var options = ParserOptions()
    options.homeDirectory = getenv("HOME").map { String(cString: $0) }
    options.resolveVariables = false
    // Printing sorts names, so the numbering of symbols parsed in pieces does not show.
    options.splitThreshold = ParserOptions.suggestedSplitThreshold
    let result = parse(file, symbols: symbols, options: options)
    KeepAlive.hold(result)
    guard let expr = result.expression else { return report(result.diagnostics, in: file) }
    // Variables are resolved on a second thread while the tree is printed; the printed form
    // is written only when no variable is undefined.
    let unresolved = ResultBox()
    let globals = options.globals
    let resolve: @Sendable () -> Void = {
      unresolved.diagnostics = resolveVariables(in: expr, file: file, symbols: symbols, globals: globals)
    }
    let sizeHint = file.bytes.count + file.bytes.count / 4 + 64
    return ASTPrinter.print(expr, symbols: symbols, sizeHint: sizeHint, alongside: resolve) { printed -> Int32 in
      if !unresolved.diagnostics.isEmpty { return report(unresolved.diagnostics, in: file) }
      let newline: StaticString = "\n"
      Terminal.out(printed + [UnsafeBufferPointer(start: newline.utf8Start, count: 1)])
      return 0
    }
  }

  /// Prints diagnostics to standard error; the exit status for findings.
  static func report(_ diagnostics: [Diagnostic], in file: SourceFile) -> Int32 {
    let renderer = DiagnosticRenderer(file: file)
    Terminal.err(diagnostics.map { renderer.render($0) }.joined(separator: "\n"))
    return 1
  }

  /// Carries the binder's findings back from its thread.
  final class ResultBox: @unchecked Sendable {
    var diagnostics: [Diagnostic] = []
  }
}
