import Foundation
import Testing

@testable import NixLexer

/// Helpers of the lexer tests (in a namespace, so that they clash with no other test file).
enum LexerHarness {
  static func file(_ text: String) -> SourceFile {
    SourceFile(name: "/t/lex.nix", directory: "/t", text: text)
  }

  static func stream(_ text: String) -> TokenStream { Lexer.tokenize(file(text)) }

  static func stream(bytes: [UInt8]) -> TokenStream {
    Lexer.tokenize(SourceFile(name: "/t/lex.nix", directory: "/t", bytes: bytes))
  }

  /// The kinds of the tokens of `text`, without the final `eof`.
  static func kinds(_ text: String) -> [TokenKind] {
    let tokens = stream(text).tokens
    #expect(tokens.last?.kind == .eof)
    #expect(tokens.filter { $0.kind == .eof }.count == 1)
    return tokens.dropLast().map(\.kind)
  }

  /// Each token (without `eof`) as its kind and its source text.
  static func lexemes(_ text: String) -> [Lexeme] {
    let bytes = Array(text.utf8)
    return stream(text).tokens.dropLast().map {
      Lexeme($0.kind, String(decoding: bytes[Int($0.start)..<Int($0.end)], as: UTF8.self))
    }
  }

  /// The messages of the lexer's diagnostics.
  static func diagnostics(_ text: String) -> [String] { stream(text).diagnostics.map(\.message) }
}

/// A token's kind and text, comparable in expectations.
struct Lexeme: Equatable, CustomStringConvertible {
  let kind: TokenKind
  let text: String
  init(_ kind: TokenKind, _ text: String) {
    self.kind = kind
    self.text = text
  }
  var description: String { "\(kind)(\(text))" }
}

@Suite struct LexerTokenTests {
  @Test func identifiersMayContainQuotesAndDashes() {
    #expect(
      LexerHarness.lexemes("foo foo-bar foo' _x A1 a'b-c' __curPos x-1") == [
        Lexeme(.identifier, "foo"), Lexeme(.identifier, "foo-bar"), Lexeme(.identifier, "foo'"),
        Lexeme(.identifier, "_x"), Lexeme(.identifier, "A1"), Lexeme(.identifier, "a'b-c'"),
        Lexeme(.identifier, "__curPos"), Lexeme(.identifier, "x-1"),
      ])
  }

  @Test func everyKeyword() {
    let kinds = LexerHarness.kinds("if then else assert with let in rec inherit or")
    #expect(kinds == [.kwIf, .kwThen, .kwElse, .kwAssert, .kwWith, .kwLet, .kwIn, .kwRec, .kwInherit, .kwOr])
    #expect(kinds.allSatisfy { $0.isKeyword })
    #expect(!TokenKind.identifier.isKeyword && !TokenKind.ellipsis.isKeyword)
  }

  @Test func keywordPrefixesAndSuffixesAreIdentifiers() {
    #expect(LexerHarness.kinds("iff letx in- rec' inherits orr els Then IF") == Array(repeating: .identifier, count: 9))
  }

  @Test func integers() {
    #expect(
      LexerHarness.lexemes("0 123 007 9223372036854775808") == [
        Lexeme(.integer, "0"), Lexeme(.integer, "123"), Lexeme(.integer, "007"),
        Lexeme(.integer, "9223372036854775808"),
      ])
  }

  @Test(arguments: ["1.5", ".5", "1.0e3", "0.5", "1.e5", "2.", "1.5E-3", "1.0e+3", "0.001", "10.25e10"])
  func floats(_ text: String) {
    #expect(LexerHarness.lexemes(text) == [Lexeme(.float, text)])
  }

  @Test func aFloatNeedsItsDot() {
    // As in Nix: `1e3` is the integer 1 followed by the identifier `e3`.
    #expect(LexerHarness.lexemes("1e3") == [Lexeme(.integer, "1"), Lexeme(.identifier, "e3")])
    #expect(LexerHarness.lexemes("00.5") == [Lexeme(.integer, "00"), Lexeme(.float, ".5")])
    #expect(LexerHarness.lexemes("1.5.5") == [Lexeme(.float, "1.5"), Lexeme(.float, ".5")])
    #expect(LexerHarness.lexemes("0.") == [Lexeme(.integer, "0"), Lexeme(.dot, ".")])
    #expect(LexerHarness.lexemes("1.e") == [Lexeme(.float, "1."), Lexeme(.identifier, "e")])
    #expect(LexerHarness.lexemes("1.5e") == [Lexeme(.float, "1.5"), Lexeme(.identifier, "e")])
  }

  @Test(arguments: [
    "http://example.org/a?b=c&d=e", "x:x", "git+ssh://git@github.com/a/b.git", "a.b-c+d:e", "urn:isbn:0451450523",
    "https://x.org/~u/a%20b,c!*'",
  ])
  func uris(_ text: String) {
    #expect(LexerHarness.lexemes(text) == [Lexeme(.uri, text)])
  }

  @Test func notURIs() {
    #expect(LexerHarness.kinds("x: x") == [.identifier, .colon, .identifier])
    #expect(LexerHarness.kinds("x:") == [.identifier, .colon])
    #expect(LexerHarness.kinds("1:2") == [.integer, .colon, .integer])
    #expect(LexerHarness.kinds("{x}:x") == [.leftBrace, .identifier, .rightBrace, .colon, .identifier])
  }

  @Test func searchPaths() {
    #expect(
      LexerHarness.lexemes("<nixpkgs> <nixpkgs/lib> <a.b/c-d+e_f>") == [
        Lexeme(.searchPath, "<nixpkgs>"), Lexeme(.searchPath, "<nixpkgs/lib>"), Lexeme(.searchPath, "<a.b/c-d+e_f>"),
      ])
    #expect(LexerHarness.kinds("< nixpkgs>") == [.less, .identifier, .greater])
    #expect(LexerHarness.kinds("<nixpkgs/>") == [.less, .identifier, .slash, .greater])
    #expect(LexerHarness.kinds("a<b") == [.identifier, .less, .identifier])
  }

  @Test func everyOperatorAndPunctuation() {
    let text = "== != <= >= && || -> // ++ + - * / < > ! ? . @ : ; , = { } ( ) [ ] ... ${"
    #expect(
      LexerHarness.kinds(text) == [
        .equalEqual, .bangEqual, .lessEqual, .greaterEqual, .ampAmp, .pipePipe, .arrow, .update, .concat, .plus,
        .minus, .star, .slash, .less, .greater, .bang, .question, .dot, .at, .colon, .semicolon, .comma, .equal,
        .leftBrace, .rightBrace, .leftParen, .rightParen, .leftBracket, .rightBracket, .ellipsis, .interpolationOpen,
      ])
    #expect(LexerHarness.lexemes("===") == [Lexeme(.equalEqual, "=="), Lexeme(.equal, "=")])
    #expect(LexerHarness.lexemes("+++") == [Lexeme(.concat, "++"), Lexeme(.plus, "+")])
    #expect(LexerHarness.lexemes("....") == [Lexeme(.ellipsis, "..."), Lexeme(.dot, ".")])
    #expect(LexerHarness.kinds("a//b") == [.identifier, .update, .identifier])
  }

  @Test func operatorsNextToNames() {
    // `-` continues an identifier, so `a->b` is `a-`, `>`, `b` (as in Nix).
    #expect(
      LexerHarness.lexemes("a->b") == [Lexeme(.identifier, "a-"), Lexeme(.greater, ">"), Lexeme(.identifier, "b")])
    #expect(LexerHarness.kinds("a -> b") == [.identifier, .arrow, .identifier])
    #expect(LexerHarness.kinds("1-1") == [.integer, .minus, .integer])
    #expect(LexerHarness.kinds("!a") == [.bang, .identifier])
  }

  @Test func halfOperatorsAreInvalid() {
    #expect(
      LexerHarness.lexemes("a & b | c $ d") == [
        Lexeme(.identifier, "a"), Lexeme(.invalid, "&"), Lexeme(.identifier, "b"), Lexeme(.invalid, "|"),
        Lexeme(.identifier, "c"), Lexeme(.invalid, "$"), Lexeme(.identifier, "d"),
      ])
    #expect(LexerHarness.kinds("~") == [.invalid])
    #expect(LexerHarness.kinds("'a") == [.invalid, .identifier])
  }

  @Test func invalidUTF8AndNonASCIIBytes() {
    // `é` is one invalid token of two bytes; 0xFF and a stray continuation byte are one byte each.
    #expect(LexerHarness.lexemes("a é b") == [Lexeme(.identifier, "a"), Lexeme(.invalid, "é"), Lexeme(.identifier, "b")])
    let tokens = LexerHarness.stream(bytes: [0x61, 0xFF, 0x62, 0x80, 0x62, 0xF0, 0x9F, 0x98, 0x80, 0x00]).tokens
    #expect(
      tokens.map(\.kind) == [.identifier, .invalid, .identifier, .invalid, .identifier, .invalid, .invalid, .eof])
    #expect(tokens.map(\.start) == [0, 1, 2, 3, 4, 5, 9, 10])
    #expect(tokens.map(\.end) == [1, 2, 3, 4, 5, 9, 10, 10])
  }

  @Test func displayNames() {
    #expect(TokenKind.ampAmp.displayName == "'&&'")
    #expect(TokenKind.eof.displayName == "end of file")
    #expect(TokenKind.identifier.displayName == "identifier")
    #expect(TokenKind.kwIn.displayName == "'in'")
    #expect(Set(TokenKind.allCases.map(\.displayName)).count > 50)
  }
}

@Suite struct LexerTriviaTests {
  @Test func comments() {
    #expect(LexerHarness.kinds("a # comment\nb") == [.identifier, .identifier])
    #expect(LexerHarness.kinds("a /* c\n * d */ b") == [.identifier, .identifier])
    #expect(LexerHarness.kinds("/* only */") == [])
    #expect(LexerHarness.kinds("/**/#") == [])
    #expect(LexerHarness.kinds("# to the end") == [])
    #expect(LexerHarness.kinds("a/*b*/c") == [.identifier, .identifier])
    #expect(LexerHarness.kinds("a /* x */ /* y */ # z\n b") == [.identifier, .identifier])
    #expect(LexerHarness.kinds("/* a /* b */ c") == [.identifier])  // block comments do not nest
    #expect(LexerHarness.kinds("\"# no comment\"") == [.stringOpen, .stringText, .stringClose])
    #expect(LexerHarness.diagnostics("a # b /* c").isEmpty)
  }

  @Test func unterminatedBlockComment() {
    let stream = LexerHarness.stream("a /* b\n c")
    #expect(stream.tokens.map(\.kind) == [.identifier, .eof])
    #expect(stream.diagnostics.count == 1)
    let diagnostic = stream.diagnostics[0]
    #expect(diagnostic.message == "unterminated block comment: '/*' has no closing '*/'")
    #expect(diagnostic.severity == .error)
    #expect(diagnostic.code == "E0003")
    #expect(diagnostic.span.start == 2 && diagnostic.span.end == 4)
    #expect(LexerHarness.diagnostics("/*/").count == 1)
  }

  @Test func carriageReturns() {
    #expect(LexerHarness.kinds("a\r\nb\rc\r\n") == [.identifier, .identifier, .identifier])
    #expect(LexerHarness.kinds("# c\r\nx") == [.identifier])
    #expect(LexerHarness.kinds("# c\rx") == [.identifier])
    let file = LexerHarness.file("a\r\nb\rc\n\r\nd")
    let tokens = Lexer.tokenize(file).tokens
    #expect(tokens.dropLast().map { file.location(of: $0.start) } == [
      .init(line: 1, column: 1), .init(line: 2, column: 1), .init(line: 3, column: 1), .init(line: 5, column: 1),
    ])
    #expect(file.lineCount == 5)
    #expect(file.lineText(0) == "a" && file.lineText(3) == "" && file.lineText(4) == "d")
    // Strings keep their bytes; the parser normalises line ends.
    #expect(LexerHarness.lexemes("\"a\r\nb\"")[1] == Lexeme(.stringText, "a\r\nb"))
  }
}

@Suite struct LexerSpanTests {
  @Test func spansCoverExactlyTheTokenBytes() {
    let text = "let x = { a.b = [ 1 2.5 ]; }; in x // <p>"
    let expected = ["let", "x", "=", "{", "a", ".", "b", "=", "[", "1", "2.5", "]", ";", "}", ";", "in", "x", "//", "<p>"]
    #expect(LexerHarness.lexemes(text).map(\.text) == expected)
    let tokens = LexerHarness.stream(text).tokens
    #expect(tokens.last == Token(.eof, start: UInt32(text.utf8.count), end: UInt32(text.utf8.count)))
    for (a, b) in zip(tokens, tokens.dropFirst()) { #expect(a.end <= b.start) }
  }

  @Test func tokenSpanInFile() {
    let token = Token(.identifier, start: 3, end: 7)
    let span = token.span(in: SourceFileID(2))
    #expect(span == Span(file: SourceFileID(2), start: 3, end: 7))
    #expect(span.length == 4)
    #expect(span.startPoint == Span(file: SourceFileID(2), start: 3, end: 3))
    #expect(span.endPoint == Span(file: SourceFileID(2), start: 7, end: 7))
    #expect(span.merged(with: Span(file: SourceFileID(2), start: 10, end: 12)).end == 12)
    #expect(Span(file: SourceFileID(0), start: 5, end: 2).end == 5)  // never negative
  }

  @Test func emptyInputIsJustEOF() {
    #expect(LexerHarness.stream("").tokens == [Token(.eof, start: 0, end: 0)])
    #expect(LexerHarness.stream("  \n\t ").tokens == [Token(.eof, start: 5, end: 5)])
  }

  @Test func columnsCountCharacters() {
    // `é` is two bytes, `日` and `本` three: columns count each as one.
    let file = LexerHarness.file("\"é\" x\n\"日本\" y\n  é z")
    let tokens = Lexer.tokenize(file).tokens.filter { $0.kind == .identifier }
    #expect(tokens.map { file.location(of: $0.start) } == [
      .init(line: 1, column: 5), .init(line: 2, column: 6), .init(line: 3, column: 5),
    ])
    #expect(file.location(of: 0).description == "1:1")
    #expect(file.location(of: 6) == .init(line: 1, column: 6))  // the newline ends line 1
    #expect(file.location(of: 10_000) == file.location(of: UInt32(file.bytes.count)))  // past the end: clamped
    #expect(file.location(of: UInt32(file.bytes.count)) == .init(line: 3, column: 6))
    #expect(file.lineText(1) == "\"日本\" y")
    #expect(file.lineIndex(of: 7) == 1)
  }

  @Test func renderedDiagnosticPointsAtTheSpan() {
    let file = SourceFile(name: "/t/r.nix", directory: "/t", text: "x = 1;\na /* b\nc\n")
    let diagnostic = Lexer.tokenize(file).diagnostics[0]
    let rendered = DiagnosticRenderer(file: file).render(diagnostic)
    let expected = """
      error: unterminated block comment: '/*' has no closing '*/'
             at /t/r.nix:2:3:
                  1| x = 1;
                  2| a /* b
                   |   ^
                  3| c

      """
    #expect(rendered == expected)
    #expect(DiagnosticRenderer(file: file).position(diagnostic.span) == "/t/r.nix:2:3")
  }
}

/// The lexer must be linear: a long run of path characters (`a.b.c…`, `----…`) is lexed once,
/// not rescanned from every token in it.
@Suite struct LexerPerformanceTests {
  /// Whether tokenizing `text` finishes within `seconds` (the work goes on in the background if not).
  static func tokenizes(_ text: String, within seconds: Double) -> Bool {
    let done = DispatchSemaphore(value: 0)
    let file = LexerHarness.file(text)
    let thread = Thread {
      _ = Lexer.tokenize(file)
      done.signal()
    }
    thread.stackSize = 1 << 26
    thread.start()
    return done.wait(timeout: .now() + seconds) == .success
  }

  @Test func longSelectChainLexesQuickly() {
    let text = "x: x" + String(repeating: ".a", count: 10_000)
    #expect(Self.tokenizes(text, within: 5), "20 KB of `.a.a.a…` took over 5 s: the lexer is quadratic")
  }

  @Test func longRunOfMinusSignsLexesQuickly() {
    let text = String(repeating: "-", count: 20_000) + "1"
    #expect(Self.tokenizes(text, within: 5), "20,000 `-` took over 5 s: the lexer is quadratic")
  }

  @Test func longRunsWithSpacesAreFast() {
    #expect(Self.tokenizes(String(repeating: "a . ", count: 50_000), within: 5))
  }
}
