import Foundation
import NixLexer

@testable import NixParser

/// Parses `source` as the file `/dir/test.nix`.
func parsed(_ source: String, globals: [String] = NixGlobals.names) -> (ParseResult, SymbolTable, SourceFile) {
  let file = SourceFile(name: "/dir/test.nix", directory: "/dir", text: source)
  let symbols = SymbolTable()
  let result = parse(file, symbols: symbols, options: ParserOptions(globals: globals, homeDirectory: "/home/u"))
  return (result, symbols, file)
}

/// Free names the printing tests use, bound as globals so that they are not undefined.
let testNames = ["a", "b", "c", "d", "e", "f", "x", "y", "z"]

/// The `nix-instantiate --parse` form of `source`, or the first error's message.
func printed(_ source: String) -> String {
  let (result, symbols, _) = parsed(source, globals: NixGlobals.names + testNames)
  guard let expr = result.expression else { return "error: " + (result.diagnostics.first?.message ?? "?") }
  return String(decoding: ASTPrinter.print(expr, symbols: symbols), as: UTF8.self)
}

/// The messages of every diagnostic for `source`, in order.
func messages(_ source: String) -> [String] {
  parsed(source).0.diagnostics.map(\.message)
}

/// Runs `body` on a thread with a 1 GiB stack (deeply nested input needs it) and waits.
func onBigStack<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
  let box = ResultBox<T>()
  let done = DispatchSemaphore(value: 0)
  let thread = Thread {
    box.value = body()
    done.signal()
  }
  thread.stackSize = 1 << 30
  thread.start()
  done.wait()
  return box.value!
}

/// Carries a result out of a thread.
final class ResultBox<T>: @unchecked Sendable {
  var value: T?
}
