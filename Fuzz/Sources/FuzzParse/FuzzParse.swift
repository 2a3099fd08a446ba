import NixLexer
import NixParser

/// libFuzzer entry: lexes and parses the input, renders every diagnostic, prints the tree of a
/// clean parse and resolves its variables. Any crash or sanitizer report is a bug.
///
/// Every input is also parsed as if it were large (its top-level set cut into pieces parsed on
/// two threads, with a lexer that runs only a few tokens ahead); the tree and the errors must
/// be the same.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParse(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  _ = NativeThread.start(stackSize: 512 << 20) {
    let file = SourceFile(id: SourceFileID(0), name: "fuzz.nix", directory: "/nonexistent", bytes: bytes)
    let symbols = SymbolTable()
    var options = ParserOptions()
    options.resolveVariables = false
    let result = parse(file, symbols: symbols, options: options)
    samePiecewise(file, result, symbols)
    let renderer = DiagnosticRenderer(file: file)
    for d in result.diagnostics { _ = renderer.render(d) }
    if let expr = result.expression {
      _ = resolveVariables(in: expr, file: file, symbols: symbols)
      _ = ASTPrinter.print(expr, symbols: symbols, sizeHint: size * 2)
    } else if let recovered = result.recoveredExpression {
      _ = resolveVariables(in: recovered, file: file, symbols: symbols)
      _ = unusedLetBindings(in: recovered, file: file, symbols: symbols)
    }
  }?.join()
  return 0
}

/// Parses `file` again in pieces (every file counts as large) and stops the run when the
/// printed tree or the errors differ from `whole`'s.
func samePiecewise(_ file: SourceFile, _ whole: ParseResult, _ wholeSymbols: SymbolTable) {
  let symbols = SymbolTable()
  var options = ParserOptions()
  options.resolveVariables = false
  options.splitThreshold = 1
  // The lexer runs a few tokens ahead only, so that a small file is cut too.
  options.lexingBatch = 1 + file.bytes.count % 4
  let pieces = parse(file, symbols: symbols, options: options)
  func summary(_ result: ParseResult, _ symbols: SymbolTable) -> String {
    let errors = result.diagnostics.map { "\($0.code) \($0.span.start)-\($0.span.end) \($0.message)" }
    let tree = result.expression.map { String(decoding: ASTPrinter.print($0, symbols: symbols), as: UTF8.self) }
    return (tree ?? "no tree") + "\n" + errors.joined(separator: "\n")
  }
  let a = summary(whole, wholeSymbols)
  let b = summary(pieces, symbols)
  if a != b { fatalError("parsed in \(pieces.piecesTaken) pieces, the result differs:\n\(b)\n-- in one go:\n\(a)") }
}
