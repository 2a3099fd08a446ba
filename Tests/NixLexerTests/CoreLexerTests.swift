import Testing

@testable import NixLexer

/// The kinds of the tokens of `source`, without the final `eof`.
func kinds(_ source: String) -> [TokenKind] {
  let stream = Lexer.tokenize(SourceFile(name: "t.nix", directory: "/", text: source))
  #expect(stream.tokens.last?.kind == .eof)
  return stream.tokens.dropLast().map(\.kind)
}

/// The diagnostics the lexer reports for `source`.
func lexDiagnostics(_ source: String) -> [Diagnostic] {
  Lexer.tokenize(SourceFile(name: "t.nix", directory: "/", text: source)).diagnostics
}

@Suite struct CoreLexerTests {
  static let cases: [(String, [TokenKind])] = [
    // Names and keywords.
    ("foo foo-bar foo' _x", [.identifier, .identifier, .identifier, .identifier]),
    (
      "if then else assert with let in rec inherit or",
      [.kwIf, .kwThen, .kwElse, .kwAssert, .kwWith, .kwLet, .kwIn, .kwRec, .kwInherit, .kwOr]
    ),
    ("iff letx", [.identifier, .identifier]),
    // Numbers: a float needs a dot, as in Nix.
    ("123 1.5 .5 0.5 1.0e3 1.e5", [.integer, .float, .float, .float, .float, .float]),
    ("1e3", [.integer, .identifier]),
    // Operators and punctuation.
    (
      "== != <= >= && || -> // ++ + - * / < > ! ? . @ : ; , = { } ( ) [ ] ...",
      [
        .equalEqual, .bangEqual, .lessEqual, .greaterEqual, .ampAmp, .pipePipe, .arrow, .update, .concat, .plus,
        .minus, .star, .slash, .less, .greater, .bang, .question, .dot, .at, .colon, .semicolon, .comma, .equal,
        .leftBrace, .rightBrace, .leftParen, .rightParen, .leftBracket, .rightBracket, .ellipsis,
      ]
    ),
    // Longest match: paths, URIs and search paths.
    ("a/b", [.path, .pathEnd]),
    ("./a ../a /a ~/a", [.path, .pathEnd, .path, .pathEnd, .path, .pathEnd, .homePath, .pathEnd]),
    ("a / b", [.identifier, .slash, .identifier]),
    ("a-b", [.identifier]),
    ("x:x http://example.org/a?b=c", [.uri, .uri]),
    ("x: x", [.identifier, .colon, .identifier]),
    ("<nixpkgs> <nixpkgs/lib> a < b", [.searchPath, .searchPath, .identifier, .less, .identifier]),
    ("a/${x}", [.path, .interpolationOpen, .identifier, .rightBrace, .pathEnd]),
    ("./a${x}b", [.path, .interpolationOpen, .identifier, .rightBrace, .pathText, .pathEnd]),
    ("./a/${x}/b.nix", [.path, .interpolationOpen, .identifier, .rightBrace, .pathText, .pathEnd]),
    // Strings.
    ("\"\"", [.stringOpen, .stringClose]),
    ("\"a\\\"b\"", [.stringOpen, .stringText, .stringClose]),
    ("\"a${b}c\"", [.stringOpen, .stringText, .interpolationOpen, .identifier, .rightBrace, .stringText, .stringClose]),
    ("\"$${x}\"", [.stringOpen, .stringText, .stringClose]),
    ("\"\\${x}\"", [.stringOpen, .stringText, .stringClose]),
    ("\"a$\"", [.stringOpen, .stringText, .stringClose]),
    (
      "\"${ {a=1;}.a }\"",
      [
        .stringOpen, .interpolationOpen, .leftBrace, .identifier, .equal, .integer, .semicolon, .rightBrace, .dot,
        .identifier, .rightBrace, .stringClose,
      ]
    ),
    // Indented strings and their escapes.
    ("''a''", [.indStringOpen, .indStringText, .indStringClose]),
    ("''a''$b'''c''\\nd''", [
      .indStringOpen, .indStringText, .indStringEscape, .indStringText, .indStringEscape, .indStringText,
      .indStringEscape, .indStringText, .indStringClose,
    ]),
    ("''${x}''", [.indStringOpen, .interpolationOpen, .identifier, .rightBrace, .indStringClose]),
    ("''$'''", [.indStringOpen, .indStringEscape, .indStringEscape]),
    // Comments and whitespace vanish.
    ("a # comment\n/* block\n */ b", [.identifier, .identifier]),
    // Bytes that start no token.
    ("123 é 4", [.integer, .invalid, .integer]),
    ("a & b | c", [.identifier, .invalid, .identifier, .invalid, .identifier]),
    // Nix's experimental pipe operators are recognised (to be reported).
    ("a |> f <| b", [.identifier, .pipeInto, .identifier, .pipeFrom, .identifier]),
  ]

  @Test(arguments: cases)
  func tokenKinds(_ source: String, _ expected: [TokenKind]) {
    #expect(kinds(source) == expected)
  }

  @Test func invalidByteIsOneToken() {
    let file = SourceFile(name: "t.nix", directory: "/", bytes: [0x31, 0x20, 0xFF, 0x20, 0x32])
    #expect(Lexer.tokenize(file).tokens.map(\.kind) == [.integer, .invalid, .integer, .eof])
  }

  @Test func indentedStringOpenerSwallowsTheFirstNewline() {
    let stream = Lexer.tokenize(SourceFile(name: "t", directory: "/", text: "''  \n  x''"))
    #expect(stream.tokens[0].kind == .indStringOpen)
    #expect(stream.tokens[0].end == 5)
  }

  @Test func spansCoverTheirBytes() {
    let text = "let x = \"ab\"; in x"
    let tokens = Lexer.tokenize(SourceFile(name: "t", directory: "/", text: text)).tokens
    let bytes = Array(text.utf8)
    let pieces = tokens.dropLast().map { String(decoding: bytes[Int($0.start)..<Int($0.end)], as: UTF8.self) }
    #expect(pieces == ["let", "x", "=", "\"", "ab", "\"", ";", "in", "x"])
    #expect(tokens.last!.start == UInt32(bytes.count))
  }

  @Test func pathEndIsEmptyAndFollowsThePath() {
    let tokens = Lexer.tokenize(SourceFile(name: "t", directory: "/", text: "[./a]")).tokens
    #expect(tokens[2].kind == .pathEnd)
    #expect(tokens[2].start == tokens[2].end && tokens[2].start == 4)
    #expect(tokens[3].kind == .rightBracket)
  }

  @Test func unterminatedBlockCommentIsReported() {
    let diagnostics = lexDiagnostics("a /* no end")
    #expect(diagnostics.count == 1)
    #expect(diagnostics[0].message.contains("unterminated block comment"))
    #expect(diagnostics[0].span.start == 2)
  }

  @Test func trailingSlashIsReportedAfterThePath() {
    let diagnostics = lexDiagnostics("/nix/store/ ")
    #expect(diagnostics.map(\.message) == ["path has a trailing slash"])
    #expect(diagnostics[0].span.start == 11)
  }

  @Test func unterminatedStringEndsWithEOF() {
    #expect(kinds("a 1\"$") == [.identifier, .integer, .stringOpen])
  }
}

@Suite struct SourceFileTests {
  @Test func linesAndColumns() {
    let file = SourceFile(name: "t", directory: "/", text: "ab\ncé d\r\ne\rf")
    #expect(file.location(of: 0) == .init(line: 1, column: 1))
    #expect(file.location(of: 3) == .init(line: 2, column: 1))
    // `é` is two bytes but one column.
    #expect(file.location(of: 7) == .init(line: 2, column: 4))
    #expect(file.location(of: 10) == .init(line: 3, column: 1))
    #expect(file.location(of: 12) == .init(line: 4, column: 1))
    #expect(file.lineText(1) == "cé d")
    #expect(file.lineCount == 4)
  }

  @Test func renderedLikeNix() {
    let file = SourceFile(name: "«stdin»", directory: "/", text: "&& true\n")
    let diagnostic = Diagnostic(
      code: "E0101", message: "syntax error, unexpected '&&'", span: Span(file: file.id, start: 0, end: 2))
    #expect(
      DiagnosticRenderer(file: file).render(diagnostic) == """
        error: syntax error, unexpected '&&'
               at «stdin»:1:1:
                    1| && true
                     | ^
                    2|

        """)
  }
}
