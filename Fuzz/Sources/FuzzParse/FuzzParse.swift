import NixLexer
import NixParser

/// libFuzzer entry: lexes and parses the input, renders every diagnostic, prints the tree of a
/// clean parse and resolves its variables. Any crash or sanitizer report is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParse(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  _ = NativeThread.start(stackSize: 512 << 20) {
    let file = SourceFile(id: SourceFileID(0), name: "fuzz.nix", directory: "/nonexistent", bytes: bytes)
    let symbols = SymbolTable()
    var options = ParserOptions()
    options.resolveVariables = false
    let result = parse(file, symbols: symbols, options: options)
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
