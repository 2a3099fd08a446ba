import Foundation
import NixLexer
import Testing

@testable import NixParser

/// One golden case per `Fixtures/NAME.nix`: its `--parse` form must equal `NAME.exp`, with the
/// fixture folder written as `<dir>`. `NIXINV_RECORD=1 swift test` rewrites the `.exp` files
/// (then read the diff before committing it).
@Suite struct GoldenTests {
  static let folder = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

  static var cases: [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".nix") }.sorted()
  }

  @Test(arguments: cases)
  func printsAsRecorded(_ name: String) throws {
    let url = Self.folder.appendingPathComponent(name)
    let bytes = [UInt8](try Data(contentsOf: url))
    let file = SourceFile(name: url.path, directory: Self.folder.path, bytes: bytes)
    let symbols = SymbolTable()
    let result = parse(file, symbols: symbols, options: ParserOptions(homeDirectory: "/home/u"))
    let expr = try #require(result.expression, "\(result.diagnostics.map(\.message))")
    let printed = String(decoding: ASTPrinter.print(expr, symbols: symbols), as: UTF8.self)
      .replacingOccurrences(of: Self.folder.path, with: "<dir>") + "\n"
    let expURL = url.deletingPathExtension().appendingPathExtension("exp")
    if ProcessInfo.processInfo.environment["NIXINV_RECORD"] == "1" {
      // Record into the source tree, not the copy in the test bundle.
      let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent(expURL.lastPathComponent)
      try printed.write(to: source, atomically: true, encoding: .utf8)
      return
    }
    let expected = try String(contentsOf: expURL, encoding: .utf8)
    #expect(printed == expected)
  }

  @Test func everyFixtureHasAnExpectation() {
    #expect(Self.cases.count >= 6)
    for name in Self.cases {
      let exp = Self.folder.appendingPathComponent(name).deletingPathExtension().appendingPathExtension("exp")
      #expect(FileManager.default.fileExists(atPath: exp.path), "\(name) has no .exp")
    }
  }
}
