import NixLexer
import Testing

@testable import NixParser

/// A large top-level set is printed in pieces on two threads; the bytes must be those of one thread.
@Suite struct PrinterParallelTests {
  @Test func twoHalvesPrintLikeOne() throws {
    var source = "let s = { x = 1; }; in { inherit (s) x; \"${\"dyn\"}${\"amic\"}\" = 2; "
    for i in (0..<5_000).reversed() { source += "a\(i) = { v = \(i); s = \"\(i)\"; l = [ \(i) ]; }; " }
    source += "}"
    let (result, symbols, _) = parsed(source)
    let expr = try #require(result.expression)
    guard case .letIn(let l) = expr else {
      Issue.record("expected a let")
      return
    }
    let set = l.body
    let parallel = ASTPrinter.print(set, symbols: symbols)
    let one = printedOnOneThread(set, symbols: symbols)
    #expect(parallel == one)
    let text = String(decoding: parallel, as: UTF8.self)
    #expect(text.hasPrefix("{ inherit (s) x; a0 = { l = [ (0) ]; s = \"0\"; v = 0; }; a1 = "))
    #expect(text.hasSuffix("a999 = { l = [ (999) ]; s = \"999\"; v = 999; }; \"${(\"dyn\" + \"amic\")}\" = 2; }"))
  }
}

/// The printed form of `expr` without the pieces.
func printedOnOneThread(_ expr: Expr, symbols: SymbolTable) -> [UInt8] {
  var printer = ASTPrinter(symbols: symbols)
  printer.write(expr)
  return printer.finish()
}
