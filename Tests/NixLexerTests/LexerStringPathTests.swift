import Testing

@testable import NixLexer

/// `"…"` and `''…''` strings: text, escapes and interpolations.
@Suite struct LexerStringTests {
  @Test func plainStrings() {
    #expect(LexerHarness.lexemes(#""""#) == [Lexeme(.stringOpen, "\""), Lexeme(.stringClose, "\"")])
    #expect(
      LexerHarness.lexemes(#""abc""#) == [Lexeme(.stringOpen, "\""), Lexeme(.stringText, "abc"), Lexeme(.stringClose, "\"")])
    // Escapes stay in the text (the parser applies them).
    #expect(LexerHarness.lexemes(#""a\"b\\c\nd""#)[1] == Lexeme(.stringText, #"a\"b\\c\nd"#))
    #expect(LexerHarness.lexemes(#""a\\""#) == [Lexeme(.stringOpen, "\""), Lexeme(.stringText, #"a\\"#), Lexeme(.stringClose, "\"")])
  }

  @Test func interpolation() {
    #expect(
      LexerHarness.lexemes(#""a${x}b""#) == [
        Lexeme(.stringOpen, "\""), Lexeme(.stringText, "a"), Lexeme(.interpolationOpen, "${"), Lexeme(.identifier, "x"),
        Lexeme(.rightBrace, "}"), Lexeme(.stringText, "b"), Lexeme(.stringClose, "\""),
      ])
    #expect(
      LexerHarness.kinds(#""${x}${y}""#) == [
        .stringOpen, .interpolationOpen, .identifier, .rightBrace, .interpolationOpen, .identifier, .rightBrace,
        .stringClose,
      ])
  }

  @Test func aSetInsideAnInterpolationDoesNotCloseIt() {
    #expect(
      LexerHarness.kinds(#""${ {a=1;}.a }""#) == [
        .stringOpen, .interpolationOpen, .leftBrace, .identifier, .equal, .integer, .semicolon, .rightBrace, .dot,
        .identifier, .rightBrace, .stringClose,
      ])
    #expect(
      LexerHarness.kinds(#""x${ { b = "${c}"; }.b }y""#) == [
        .stringOpen, .stringText, .interpolationOpen, .leftBrace, .identifier, .equal, .stringOpen, .interpolationOpen,
        .identifier, .rightBrace, .stringClose, .semicolon, .rightBrace, .dot, .identifier, .rightBrace, .stringText,
        .stringClose,
      ])
  }

  @Test func dollarsThatDoNotInterpolate() {
    // `$${` and `\${` are text, as is a `$` before the closing quote.
    #expect(
      LexerHarness.lexemes(#""$${x}""#) == [Lexeme(.stringOpen, "\""), Lexeme(.stringText, "$${x}"), Lexeme(.stringClose, "\"")])
    #expect(LexerHarness.lexemes(#""\${x}""#)[1] == Lexeme(.stringText, #"\${x}"#))
    #expect(LexerHarness.lexemes(#""$""#) == [Lexeme(.stringOpen, "\""), Lexeme(.stringText, "$"), Lexeme(.stringClose, "\"")])
    #expect(LexerHarness.lexemes(#""a$""#)[1] == Lexeme(.stringText, "a$"))
    #expect(LexerHarness.lexemes(#""a$$b""#)[1] == Lexeme(.stringText, "a$$b"))
    #expect(LexerHarness.lexemes(#""$\{""#)[1] == Lexeme(.stringText, #"$\{"#))
    #expect(LexerHarness.lexemes(#""$${x}${y}""#).map(\.kind) == [
      .stringOpen, .stringText, .interpolationOpen, .identifier, .rightBrace, .stringClose,
    ])
  }

  @Test func unterminatedStringRunsToTheEnd() {
    #expect(LexerHarness.kinds(#""abc"#) == [.stringOpen, .stringText])
    #expect(LexerHarness.kinds(#""abc\"#) == [.stringOpen, .stringText])
    #expect(LexerHarness.kinds(#""${x"#) == [.stringOpen, .interpolationOpen, .identifier])
    #expect(LexerHarness.diagnostics(#""abc"#).isEmpty)  // the parser reports it
  }

  @Test func indentedStrings() {
    #expect(
      LexerHarness.lexemes("''abc''") == [
        Lexeme(.indStringOpen, "''"), Lexeme(.indStringText, "abc"), Lexeme(.indStringClose, "''"),
      ])
    #expect(LexerHarness.lexemes("''''") == [Lexeme(.indStringOpen, "''"), Lexeme(.indStringClose, "''")])
    // The opener takes spaces and the first newline with it.
    #expect(LexerHarness.lexemes("''  \n  a\n''").first == Lexeme(.indStringOpen, "''  \n"))
    #expect(LexerHarness.lexemes("''  a''").first == Lexeme(.indStringOpen, "''"))
    #expect(LexerHarness.lexemes("''a'b''")[1] == Lexeme(.indStringText, "a'b"))
    #expect(LexerHarness.lexemes("''a\"b\\n''")[1] == Lexeme(.indStringText, "a\"b\\n"))
  }

  @Test func indentedStringEscapes() {
    #expect(
      LexerHarness.lexemes("''a''$b'''c''\\nd''") == [
        Lexeme(.indStringOpen, "''"), Lexeme(.indStringText, "a"), Lexeme(.indStringEscape, "''$"),
        Lexeme(.indStringText, "b"), Lexeme(.indStringEscape, "'''"), Lexeme(.indStringText, "c"),
        Lexeme(.indStringEscape, "''\\n"), Lexeme(.indStringText, "d"), Lexeme(.indStringClose, "''"),
      ])
    // `''\` escapes one whole character, even a multi-byte one.
    #expect(LexerHarness.lexemes("''''\\é''")[1] == Lexeme(.indStringEscape, "''\\é"))
    #expect(LexerHarness.lexemes("''''\\ ''")[1] == Lexeme(.indStringEscape, "''\\ "))
  }

  @Test func indentedStringInterpolation() {
    #expect(
      LexerHarness.kinds("''a${x}b''") == [
        .indStringOpen, .indStringText, .interpolationOpen, .identifier, .rightBrace, .indStringText, .indStringClose,
      ])
    #expect(
      LexerHarness.kinds("''${ {a=1;}.a }''") == [
        .indStringOpen, .interpolationOpen, .leftBrace, .identifier, .equal, .integer, .semicolon, .rightBrace, .dot,
        .identifier, .rightBrace, .indStringClose,
      ])
    #expect(LexerHarness.kinds("''''${x}''") == [.indStringOpen, .indStringEscape, .indStringText, .indStringClose])
  }

  @Test func loneDollarsAndQuotesInIndentedStrings() {
    let texts = LexerHarness.lexemes("''$''").map(\.text)
    #expect(texts == ["''", "$", "''"])
    #expect(LexerHarness.lexemes("''a$ b''").map(\.text).joined() == "''a$ b''")
    #expect(LexerHarness.kinds("''a$''").last == .indStringClose)
    #expect(LexerHarness.kinds("''abc") == [.indStringOpen, .indStringText])
  }
}

/// Paths: their first token, what may follow, and the empty token that ends them.
@Suite struct LexerPathTests {
  @Test(arguments: ["./a", "../a", "/a", "a/b", "./a/b.nix", "/nix/store/abc-x_y+z", "../../..", "/.", "./."])
  func simplePaths(_ text: String) {
    #expect(LexerHarness.lexemes(text) == [Lexeme(.path, text), Lexeme(.pathEnd, "")])
  }

  @Test func homePaths() {
    #expect(LexerHarness.lexemes("~/a") == [Lexeme(.homePath, "~/a"), Lexeme(.pathEnd, "")])
    #expect(LexerHarness.lexemes("~/a/b.c") == [Lexeme(.homePath, "~/a/b.c"), Lexeme(.pathEnd, "")])
    #expect(
      LexerHarness.lexemes("~/${x}") == [
        Lexeme(.homePath, "~/"), Lexeme(.interpolationOpen, "${"), Lexeme(.identifier, "x"), Lexeme(.rightBrace, "}"),
        Lexeme(.pathEnd, ""),
      ])
  }

  @Test func pathsWithInterpolations() {
    #expect(
      LexerHarness.lexemes("a/${x}") == [
        Lexeme(.path, "a/"), Lexeme(.interpolationOpen, "${"), Lexeme(.identifier, "x"), Lexeme(.rightBrace, "}"),
        Lexeme(.pathEnd, ""),
      ])
    #expect(
      LexerHarness.lexemes("./a${x}b") == [
        Lexeme(.path, "./a"), Lexeme(.interpolationOpen, "${"), Lexeme(.identifier, "x"), Lexeme(.rightBrace, "}"),
        Lexeme(.pathText, "b"), Lexeme(.pathEnd, ""),
      ])
    #expect(
      LexerHarness.lexemes("./a/${x}/b.nix") == [
        Lexeme(.path, "./a/"), Lexeme(.interpolationOpen, "${"), Lexeme(.identifier, "x"), Lexeme(.rightBrace, "}"),
        Lexeme(.pathText, "/b.nix"), Lexeme(.pathEnd, ""),
      ])
    #expect(
      LexerHarness.kinds("./${a}${b}/c${d}") == [
        .path, .interpolationOpen, .identifier, .rightBrace, .interpolationOpen, .identifier, .rightBrace, .pathText,
        .interpolationOpen, .identifier, .rightBrace, .pathEnd,
      ])
    #expect(
      LexerHarness.kinds("./a/${ { b = 1; }.b }") == [
        .path, .interpolationOpen, .leftBrace, .identifier, .equal, .integer, .semicolon, .rightBrace, .dot,
        .identifier, .rightBrace, .pathEnd,
      ])
  }

  @Test func pathEndIsEmptyAndComesBeforeWhatFollows() {
    let text = "(./a)[/b] ./c; d/e"
    let stream = LexerHarness.stream(text)
    #expect(
      stream.tokens.map(\.kind) == [
        .leftParen, .path, .pathEnd, .rightParen, .leftBracket, .path, .pathEnd, .rightBracket, .path, .pathEnd,
        .semicolon, .path, .pathEnd, .eof,
      ])
    let ends = stream.tokens.filter { $0.kind == .pathEnd }
    #expect(ends.allSatisfy { $0.start == $0.end })
    #expect(ends.map(\.start) == [4, 8, 13, 18])
    #expect(stream.diagnostics.isEmpty)
  }

  @Test func notPaths() {
    #expect(LexerHarness.kinds("a / b") == [.identifier, .slash, .identifier])
    #expect(LexerHarness.kinds("a/ b") == [.identifier, .slash, .identifier])
    #expect(LexerHarness.kinds("a //b") == [.identifier, .update, .identifier])
    #expect(LexerHarness.kinds("/") == [.slash])
    #expect(LexerHarness.kinds("a.nix") == [.identifier, .dot, .identifier])
    #expect(LexerHarness.kinds("./") == [.dot, .slash])
  }

  @Test func aDoubleSlashSplitsThePathText() {
    #expect(
      LexerHarness.lexemes("./a//b") == [Lexeme(.path, "./a/"), Lexeme(.pathText, "/b"), Lexeme(.pathEnd, "")])
  }

  @Test func trailingSlash() {
    let stream = LexerHarness.stream("./a/ x")
    #expect(stream.tokens.map(\.kind) == [.path, .pathEnd, .identifier, .eof])
    #expect(stream.diagnostics.map(\.message) == ["path has a trailing slash"])
    #expect(stream.diagnostics.first?.span.start == 4)
    #expect(stream.diagnostics.first?.code == "E0004")
    #expect(LexerHarness.diagnostics("/nix/store/") == ["path has a trailing slash"])
    #expect(LexerHarness.diagnostics("~/a/") == ["path has a trailing slash"])
    #expect(LexerHarness.diagnostics("./a/${x}/") == ["path has a trailing slash"])
    #expect(LexerHarness.diagnostics("./a/${x}") == [])
    #expect(LexerHarness.diagnostics("./a/${x}/b") == [])
  }
}
