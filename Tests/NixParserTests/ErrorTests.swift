import NixLexer
import Testing

@testable import NixParser

/// Errors: what each says and where it points, and recovery that finds every error.
@Suite struct ErrorTests {
  static let cases: [(String, String)] = [
    ("{ x = 1; x = 2; }", "attribute 'x' already defined at /dir/test.nix:1:3"),
    ("{ a.b = 1; a.b = 2; }", "attribute 'a.b' already defined at /dir/test.nix:1:3"),
    ("{ a.b = 1; a = { b = 2; }; }", "attribute 'a.b' already defined at /dir/test.nix:1:3"),
    ("{ a = 1; a.b = 2; }", "attribute 'a' already defined at /dir/test.nix:1:3"),
    ("let a = 1; in { inherit a; a = 1; }", "attribute 'a' already defined at /dir/test.nix:1:25"),
    ("let a = 1; in { inherit a a; }", "attribute 'a' already defined at /dir/test.nix:1:25"),
    ("{ x, y, x }: x", "duplicate formal function argument 'x'"),
    ("x@{ x }: x", "duplicate formal function argument 'x'"),
    ("x: y", "undefined variable 'y'"),
    ("let ${\"a\" + \"b\"} = 1; in 2", "dynamic attributes not allowed in let"),
    ("x: { inherit ${x}; }", "dynamic attributes not allowed in inherit"),
    ("99999999999999999999", "invalid integer '99999999999999999999'"),
    ("&& true", "syntax error, unexpected '&&'"),
    ("a.if", "syntax error, unexpected 'if', expecting identifier or 'or' or '${' or '\"'"),
    ("if 1 else 2", "syntax error, unexpected 'else', expecting 'then'"),
    ("(1", "syntax error, unexpected end of file, expecting ')'"),
    ("\"abc", "syntax error, unexpected end of file, expecting '\"'"),
    ("{ a ... }", "syntax error, unexpected '...', expecting '.' or '='"),
    (
      "1 |> 2",
      "experimental Nix feature 'pipe-operators' is disabled; add '--extra-experimental-features pipe-operators' to enable it"
    ),
  ]

  @Test(arguments: cases)
  func firstMessage(_ source: String, _ expected: String) {
    #expect(messages(source).first == expected)
  }

  @Test func withMakesUnknownNamesDynamic() throws {
    let (result, _, _) = parsed("let x = 1; in with {}; [ x y ]")
    #expect(result.diagnostics.isEmpty)
    guard case .letIn(let l)? = result.expression, case .with(let w) = l.body, case .list(let list) = w.body,
      case .variable(let x) = list.elements[0], case .variable(let y) = list.elements[1]
    else {
      Issue.record("unexpected tree")
      return
    }
    // Lexical scope wins over `with`: x is the let's slot 0, one frame up from inside the `with`.
    #expect(x.binding == .local(level: 1, slot: 0))
    #expect(y.binding == .dynamic(level: 0))
  }

  @Test func undefinedVariableGetsASuggestion() {
    let (result, _, _) = parsed("let machines = 1; in machine")
    #expect(result.diagnostics.first?.help == "did you mean 'machines'?")
  }

  @Test func callersCanAddGlobals() {
    let (result, _, _) = parsed("buildClan { inherit lib; }", globals: NixGlobals.names + ["buildClan", "lib"])
    #expect(result.diagnostics.isEmpty)
  }

  @Test func missingSemicolonIsReportedAfterTheValue() throws {
    let source = "{ roles.server.machines = { \"backup_backup_server\" = {} }; }"
    let (result, _, file) = parsed(source)
    let d = try #require(result.diagnostics.first)
    #expect(d.message.hasPrefix("syntax error, missing ';' after the value of attribute 'backup_backup_server'"))
    // Right after `{}`.
    #expect(file.location(of: d.span.start) == .init(line: 1, column: 56))
    #expect(result.diagnostics.count == 1)
  }

  @Test func missingSemicolonBeforeTheNextBinding() {
    #expect(messages("{ a = 1\n  b = 2; }") == ["syntax error, missing ';' after the value of attribute 'a' (found identifier)"])
  }

  @Test func everyErrorIsReported() {
    let source = """
      {
        a = 1
        b = [ 1 2 ;
        c = );
        d = 4;
      }
      """
    let found = messages(source)
    #expect(found.count == 3)
    #expect(found[0].contains("missing ';' after the value of attribute 'a'"))
    #expect(found[1] == "syntax error, unexpected ';', expecting ']'")
    #expect(found[2].hasPrefix("syntax error, unexpected ')'"))
  }

  @Test func strayClosersAreReportedOnce() {
    #expect(messages("1 ) 2").count == 1)
    #expect(messages("[ 1 ] ]").count == 1)
  }

  @Test func diagnosticsCarryCodesAndSpans() {
    let (result, _, _) = parsed("{ x = 1; x = 2; }")
    #expect(result.diagnostics.map(\.code) == ["E0103"])
    #expect(result.diagnostics[0].notes.first?.message == "first defined here")
    #expect(result.diagnostics[0].span.start == 9)
  }
}

/// Input that tries to exhaust the parser ends in an error, never a crash.
@Suite struct HostileInputTests {
  @Test(arguments: ["[", "(", "{a=", "x: ", "\"${", "let a = ", "!", "-"])
  func deepNesting(_ opener: String) {
    let source = String(repeating: opener, count: 100_000) + "1"
    let found = onBigStack { messages(source) }
    #expect(found.contains { $0.contains("nesting too deep") })
  }

  @Test(arguments: ["+", "&&", ")", "-", "a.", "é"])
  func manyStrayTokensStopAtTheErrorLimit(_ piece: String) {
    let source = String(repeating: piece, count: 100_000) + "1"
    let found = onBigStack { messages(source) }
    #expect(!found.isEmpty)
    #expect(found.count <= 51)
  }

  @Test func longChains() {
    let source = Array(repeating: "1", count: 100_000).joined(separator: " + ")
    let found = onBigStack { messages(source) }
    #expect(found.contains { $0.contains("nesting too deep") })
  }

  @Test func moderateNestingIsFine() {
    let source = String(repeating: "[", count: 2_000) + String(repeating: "]", count: 2_000)
    #expect(onBigStack { messages(source) }.isEmpty)
  }

  @Test func randomBytesAndTokenSoup() {
    var state: UInt64 = 42
    func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state >> 33
    }
    let bytes = (0..<200_000).map { _ in UInt8(truncatingIfNeeded: next()) }
    let pieces = ["{", "}", "(", ")", "[", "]", "a", "=", ";", "1", "\"", "${", "''", "./p", "let", "in", ":", "@", ".", "or", " "]
    let soup = (0..<50_000).map { _ in pieces[Int(next() % UInt64(pieces.count))] }.joined(separator: " ")
    onBigStack {
      let file = SourceFile(name: "r", directory: "/", bytes: bytes)
      _ = parse(file, symbols: SymbolTable())
      _ = messages(soup)
    }
  }
}
