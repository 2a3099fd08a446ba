import Foundation
import NixLexer
import Testing

@testable import NixParser

/// Golden files: each `Fixtures/NAME.nix` is parsed (in the fixture folder, with the home
/// directory `/home/u`) and printed; the result, with the folder written as `<dir>`, must equal
/// `Fixtures/NAME.exp` (the output of `nixinv parse`, checked against Nix's rules).
@Suite struct ParserFixtureTests {
  static var folder: URL? { Bundle.module.url(forResource: "Fixtures", withExtension: nil) }

  /// The `.nix` files in the fixture folder, found at run time.
  static var fixtures: [String] {
    guard let folder else { return [] }
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".nix") }.sorted()
  }

  @Test func fixturesAreFound() throws {
    let folder = try #require(Self.folder, "no Fixtures folder in the test bundle")
    #expect(Self.fixtures.count >= 10, "only \(Self.fixtures) in \(folder.path)")
    for name in ["operators", "indented", "merge", "lambdas", "select-or", "quoting", "numbers", "legacy", "let-rec",
      "search-paths", "escapes"]
    {
      #expect(Self.fixtures.contains("\(name).nix"))
    }
  }

  @Test(arguments: fixtures)
  func printsAsExpected(_ name: String) throws {
    let folder = try #require(Self.folder)
    let url = folder.appendingPathComponent(name)
    let source = SourceFile(name: url.path, directory: folder.path, bytes: [UInt8](try Data(contentsOf: url)))
    let symbols = SymbolTable()
    let result = parse(source, symbols: symbols, options: ParserOptions(homeDirectory: "/home/u"))
    let expr = try #require(result.expression, "\(name): \(result.diagnostics.map(\.message))")
    let printed = String(decoding: ASTPrinter.print(expr, symbols: symbols), as: UTF8.self)
      .replacingOccurrences(of: folder.path, with: "<dir>")
    let expURL = url.deletingPathExtension().appendingPathExtension("exp")
    let expected = try String(contentsOf: expURL, encoding: .utf8)
    #expect(printed + "\n" == expected, "\(name)")
  }

  /// Printing is a function of the tree: parsing the same file twice prints the same bytes,
  /// whatever order the symbols were interned in.
  @Test(arguments: fixtures)
  func printingIsDeterministic(_ name: String) throws {
    let folder = try #require(Self.folder)
    let url = folder.appendingPathComponent(name)
    let bytes = [UInt8](try Data(contentsOf: url))
    func render(_ symbols: SymbolTable) -> [UInt8]? {
      let file = SourceFile(name: url.path, directory: folder.path, bytes: bytes)
      return parse(file, symbols: symbols, options: ParserOptions(homeDirectory: "/home/u")).expression
        .map { ASTPrinter.print($0, symbols: symbols) }
    }
    let warm = SymbolTable()
    for word in ["zebra", "z", "y", "x", "services", "b", "a", "Apple", ""] { _ = warm.intern(word) }
    #expect(render(SymbolTable()) == render(warm))
  }
}
