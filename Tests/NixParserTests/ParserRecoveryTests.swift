import NixLexer
import Testing

@testable import NixParser

/// One run reports every error of a file, each where it is.
@Suite struct ParserRecoveryTests: ParserTesting {
  /// Each diagnostic as `LINE:COL message`.
  func located(_ src: String) -> [String] {
    let (result, _, file) = ParserHarness.parse(src, globals: NixGlobals.names + ParserHarness.freeNames)
    #expect(result.expression == nil)
    return result.diagnostics.map { "\(file.location(of: $0.span.start)) \($0.message)" }
  }

  @Test func missingSemicolonThenAStrayToken() {
    let out = located("{\n  a = 1\n  b = 2;\n  c = ];\n}")
    #expect(out.count == 2)
    #expect(out.first == "2:8 syntax error, missing ';' after the value of attribute 'a' (found identifier)")
    #expect(out.last?.hasPrefix("4:7 syntax error, unexpected ']'") == true)
  }

  @Test func missingSemicolonThenUnclosedBracketAtTheEnd() {
    let out = located("{ a = 1 b = 2; c = [ 1")
    #expect(out.count == 2)
    #expect(out.first?.hasPrefix("1:8 syntax error, missing ';' after the value of attribute 'a'") == true)
    #expect(out.last == "1:23 syntax error, unexpected end of file, expecting ']'")
  }

  @Test func missingSemicolonInLetThenUnclosedParen() {
    let out = located("let a = 1 in ( a")
    #expect(out == [
      "1:10 syntax error, missing ';' after the value of attribute 'a' (found 'in')",
      "1:17 syntax error, unexpected end of file, expecting ')'",
    ])
  }

  @Test func missingSemicolonThenStrayParen() {
    let out = located("{ a = 1 b = 2; } )")
    #expect(out.count == 2)
    #expect(out.first?.hasPrefix("1:8 syntax error, missing ';'") == true)
    #expect(out.last?.hasPrefix("1:18 syntax error, unexpected ')'") == true)
  }

  @Test func unclosedParenAndBracketInsideBindings() {
    let out = located("{ a = (1; b = [ 2; }")
    #expect(out.count == 2)
    #expect(out.first?.hasPrefix("1:9 syntax error, unexpected ';', expecting ')'") == true)
    #expect(out.last?.hasPrefix("1:18 syntax error, unexpected ';', expecting ']'") == true)
  }

  @Test func strayClosersAreEachReported() {
    #expect(located("[ 1 2 ) 3 ]").count == 2)
    #expect(located("{ x = 1; } ; ]").count == 2)
    #expect(located(")").count == 1)
    #expect(located("{ a = 1; } )").map { String($0.prefix(4)) } == ["1:12"])
  }

  @Test func duplicateAndSyntaxErrorTogether() {
    let out = located("{ x = 1; x = 2; y = ; }")
    #expect(out.count == 2)
    #expect(out.first == "1:10 attribute 'x' already defined at /dir/test.nix:1:3")
    #expect(out.last?.hasPrefix("1:21 syntax error, unexpected ';'") == true)
  }

  @Test func errorsOnManyLines() {
    let src = """
      {
        a = 1
        b = [ 1 2;
        c = { d = 1 };
        e = ];
        f = 4;
      }
      """
    let out = located(src)
    #expect(out.count >= 4, "\(out)")
    let lines = Set(out.map { $0.prefix(while: { $0 != ":" }) })
    #expect(lines.isSuperset(of: ["2", "3", "4", "5"]), "\(out)")
  }

  @Test func diagnosticsAreInSourceOrder() {
    let (result, _, _) = ParserHarness.parse("[ ) ( ] { a = 1 b = 2; } ] ./x/ ] /* ")
    let starts = result.diagnostics.map(\.span.start)
    #expect(starts == starts.sorted())
    #expect(result.diagnostics.count >= 3)
  }

  @Test func recoveredExpressionIsKept() throws {
    let (result, symbols, _) = ParserHarness.parse("{ a = 1 b = 2; }")
    #expect(result.expression == nil)
    let recovered = try #require(result.recoveredExpression)
    #expect(String(decoding: ASTPrinter.print(recovered, symbols: symbols), as: UTF8.self) == "{ a = 1; b = 2; }")
  }

  // MARK: - The clan documentation's example

  @Test func clanDocMissingSemicolonAfterEmptySet() throws {
    let src = #"{ roles.server.machines = { "backup_backup_server" = {} }; }"#
    let (result, _, file) = ParserHarness.parse(src)
    #expect(result.expression == nil)
    #expect(result.diagnostics.count == 1)
    let diagnostic = try #require(result.diagnostics.first)
    #expect(diagnostic.message.contains("missing ';' after the value of attribute 'backup_backup_server'"))
    // Right after `{}`: the `}` of the value ends at column 55.
    #expect(file.location(of: diagnostic.span.start) == SourceFile.Location(line: 1, column: 56))
    let emptySet = try #require(src.range(of: "{}"))
    #expect(Int(diagnostic.span.start) == src.utf8.distance(from: src.startIndex, to: emptySet.upperBound))
    let rendered = DiagnosticRenderer(file: file).render(diagnostic)
    #expect(rendered.hasPrefix("""
      error: syntax error, missing ';' after the value of attribute 'backup_backup_server' (found '}')
             at /dir/test.nix:1:56:
                  1| { roles.server.machines = { "backup_backup_server" = {} }; }
                   |                                                        ^

      """))
  }

  @Test func clanDocCaseOverSeveralLines() throws {
    let src = """
      {
        inventory.instances = {
          borgbackup = {
            roles.server.machines = { "backup_backup_server" = {} };
            roles.client.machines.jon = { };
          };
        };
      }

      """
    let (result, _, file) = ParserHarness.parse(src)
    #expect(result.diagnostics.count == 1)
    let diagnostic = try #require(result.diagnostics.first)
    #expect(diagnostic.message.contains("missing ';' after the value of attribute 'backup_backup_server'"))
    #expect(file.location(of: diagnostic.span.start) == SourceFile.Location(line: 4, column: 60))
  }

  @Test func fixingTheClanDocCaseParses() {
    #expect(
      printed(#"{ roles.server.machines = { "backup_backup_server" = {}; }; }"#)
        == "{ roles = { server = { machines = { backup_backup_server = { }; }; }; }; }")
  }
}
